"""A counter: the smallest Reflex app with a state event, the benchmark's baseline."""

import reflex as rx


class CounterState(rx.State):
    count: int = 0

    @rx.event
    def increment(self):
        self.count += 1


def index() -> rx.Component:
    return rx.el.main(
        rx.el.h1("Counter"),
        rx.el.p(CounterState.count),
        rx.el.button("Add one", on_click=CounterState.increment, type="button"),
    )


app = rx.App()
app.add_page(index, route="/", title="Counter")
