import asyncio


async def ticker():
    try:
        for i in range(1, 1000):
            await asyncio.sleep(0.2)
            print(f"[ticker] tick {i}")
    except asyncio.CancelledError:
        print("[ticker] CancelledError: cleanup runs inside the task")
        raise


async def main():
    task = asyncio.create_task(ticker())
    await asyncio.sleep(1.1)
    print("[main] cancel()")
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print(f"[main] await raised CancelledError, cancelled() = {task.cancelled()}")


asyncio.run(main())
