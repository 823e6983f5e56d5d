import asyncio


async def work(name, seconds):
    print(f"[{name}] start")
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        print(f"[{name}] CancelledError raised at my await")
        raise  # could also be swallowed
    print(f"[{name}] finished")
    return name


async def main():
    # Give a 5 s job at most 1 s.
    try:
        # Python 3.11+
        async with asyncio.timeout(1):
            await work("job", 5)
    except TimeoutError as e:
        print(f"[main] gave up: {e!r}")


asyncio.run(main())
