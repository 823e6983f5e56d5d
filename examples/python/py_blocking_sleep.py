import asyncio
import time


async def nap(name):
    print(f"[{name}] going to sleep")
    time.sleep(0.5)  # blocks the loop's only thread: nothing else runs
    print(f"[{name}] woke up")


async def main():
    await asyncio.gather(nap("a"), nap("b"))


asyncio.run(main())
