import asyncio
import time


async def nap(name):
    print(f"[{name}] going to sleep")
    # Blocks the loop's only thread: nothing else runs
    time.sleep(0.5)
    print(f"[{name}] woke up")


async def main():
    await asyncio.gather(nap("a"), nap("b"))


asyncio.run(main())
