import asyncio


async def fetch(name, seconds):
    print(f"[{name}] start")
    await asyncio.sleep(seconds)
    print(f"[{name}] done")
    return f"{name}: {seconds}s"


async def main():
    jobs = [("a", 0.9), ("b", 0.3), ("c", 0.6)]
    coros = [fetch(name, seconds) for name, seconds in jobs]
    print(f"[main] built {len(coros)} coroutines, nothing ran yet")
    # Results in list order
    results = await asyncio.gather(*coros)
    print(f"[main] {results}")


asyncio.run(main())
