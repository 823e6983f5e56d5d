import asyncio


async def a():
    await asyncio.sleep(0.3)
    print("[a] raising ValueError")
    raise ValueError("a could not parse its input")


async def b():
    await asyncio.sleep(1.0)
    print("[b] finished")
    return 42


async def main():
    try:
        await asyncio.gather(a(), b())
    except ValueError as e:
        print(f"[main] gather raised at once: {e!r}")
    # Meanwhile b keeps running
    await asyncio.sleep(1.0)
    print("[main] done")


asyncio.run(main())
