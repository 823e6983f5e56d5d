import asyncio


async def task(name, ms):
    print(f"[{name}] start, sleeping {ms} ms")
    await asyncio.sleep(ms / 1000)
    print(f"[{name}] done")


async def main():
    # gather wraps each coroutine in a Task; the two sleeps overlap
    await asyncio.gather(task("a", 300), task("b", 600))
    print("both finished")


asyncio.run(main())
