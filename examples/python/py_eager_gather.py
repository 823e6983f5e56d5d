import asyncio


async def work(name):
    print(f"[{name}] start")
    await asyncio.sleep(0.3)
    print(f"[{name}] done")


async def main():
    # Wraps both in Tasks, scheduled now
    joined = asyncio.gather(work("a"), work("b"))
    print("[main] gather() called, not awaited yet")
    # Now main yields to the loop: the Tasks run
    await asyncio.sleep(0.5)
    print("[main] 500 ms later, awaiting it")
    await joined
    print("[main] done")


asyncio.run(main())
