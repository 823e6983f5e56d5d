import asyncio
import contextvars

request = contextvars.ContextVar("request")


def log(who, what):
    try:
        print(f"[{who}] request {request.get()}: {what}")
    except LookupError:
        print(f"[{who}] no value set: {what}")


async def child():
    log("spawned", "a task created inside it")
    request.set(8)  # changes the task's own copy only


async def main():
    token = request.set(7)
    log("main", "inside the scope")
    await asyncio.create_task(child())  # the task copies the context
    log("main", "after the task set 8")
    request.reset(token)
    log("main", "after the scope")


asyncio.run(main())
