/* Member Markdown as the app shows it: what a member typed is what others read.
 *
 * Member text is stored as typed (portal/domain/sanitize.py) and escaped here, at render
 * time, by react-markdown (raw HTML off) with this remark plugin:
 * - HTML, character references (&lt; &amp;) and images are not Markdown syntax here, so
 *   "<after work>", "x<y then y>x", "&lt;" and "![alt](url)" read exactly as typed, as
 *   text (React escapes text nodes; nothing is ever parsed as HTML);
 * - a link whose target is not http(s), mailto, tel or sms (javascript:, data:, a
 *   relative path, an empty target) is shown as the characters the member typed;
 * - memberUrlTransform keeps tel: and sms: hrefs (react-markdown's default drops them)
 *   and, as a second guard, empties any other href.
 * The Python twin of the target rule is portal/domain/sanitize_markdown.py
 * (SAFE_LINK_TARGET_PATTERN); a test keeps the two patterns identical.
 */
const SAFE_TARGET = new RegExp(String.raw`^(?:https?://[^\s/?#\\]|mailto:[^\s]|tel:[+\d(]|sms:[+\d(])`, "i");

const NOT_MARKDOWN_HERE = ["htmlFlow", "htmlText", "characterReference", "labelStartImage"];

export function isSafeTarget(url) {
  return typeof url === "string" && SAFE_TARGET.test(url);
}

export function memberUrlTransform(url) {
  return isSafeTarget(url) ? url : "";
}

function typedText(node, source) {
  const place = node.position;
  if (place && place.start && place.end &&
      typeof place.start.offset === "number" && typeof place.end.offset === "number") {
    return source.slice(place.start.offset, place.end.offset);
  }
  return plainText(node);
}

function plainText(node) {
  if (typeof node.value === "string") { return node.value; }
  return (node.children || []).map(plainText).join("");
}

function collectUnsafeDefinitions(node, unsafe) {
  if (node.type === "definition" && !isSafeTarget(node.url)) { unsafe.add(node.identifier); }
  for (const child of node.children || []) { collectUnsafeDefinitions(child, unsafe); }
}

function showAsTyped(parent, source, unsafe) {
  const children = parent.children;
  if (!children) { return; }
  for (let index = 0; index < children.length; index++) {
    const node = children[index];
    const asText = () => ({ type: "text", value: typedText(node, source), position: node.position });
    if (node.type === "link" && !isSafeTarget(node.url)) {
      children[index] = asText();
    } else if (node.type === "linkReference" && unsafe.has(node.identifier)) {
      children[index] = asText();
    } else if (node.type === "definition" && unsafe.has(node.identifier)) {
      children[index] = { type: "paragraph", children: [asText()], position: node.position };
    } else if (node.type === "image" || node.type === "imageReference" || node.type === "html") {
      // Never parsed (see NOT_MARKDOWN_HERE); kept as text should that ever change.
      children[index] = asText();
    } else {
      showAsTyped(node, source, unsafe);
    }
  }
}

export function remarkMemberText() {
  const data = this.data();
  const extensions = data.micromarkExtensions || (data.micromarkExtensions = []);
  extensions.push({ disable: { null: NOT_MARKDOWN_HERE } });
  return function (tree, file) {
    const source = String(file && file.value != null ? file.value : "");
    const unsafe = new Set();
    collectUnsafeDefinitions(tree, unsafe);
    showAsTyped(tree, source, unsafe);
  };
}
