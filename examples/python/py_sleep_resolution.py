import asyncio
import time


async def main():
    # The point of this example is the measurement, so it prints durations.
    start = time.perf_counter()
    await asyncio.sleep(10e-6)
    print(f"one asyncio.sleep(10µs) took {(time.perf_counter() - start) * 1e3:.3f} ms")

    start = time.perf_counter()
    for _ in range(100):
        await asyncio.sleep(10e-6)
    ms = (time.perf_counter() - start) * 1e3
    print(f"100 × asyncio.sleep(10µs) took {ms:.1f} ms: {ms * 10:.0f} µs each, for 10 µs asked")

    start = time.perf_counter()
    for _ in range(100):
        time.sleep(10e-6)
    print(f"100 × time.sleep(10µs) took {(time.perf_counter() - start) * 1e3:.1f} ms")


asyncio.run(main())
