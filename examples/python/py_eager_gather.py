import asyncio


async def work(name):
    print(f"[{name}] start")
    await asyncio.sleep(0.3)
    print(f"[{name}] done")


async def main():
    joined = asyncio.gather(work("a"), work("b"))  # wraps both in Tasks, scheduled now
    print("[main] gather() called, not awaited yet")
    await asyncio.sleep(0.5)  # main yields to the loop: the Tasks run
    print("[main] 500 ms later, awaiting it")
    await joined
    print("[main] done")


asyncio.run(main())
