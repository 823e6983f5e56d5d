import asyncio


async def consumer(q):
    while (item := await q.get()) is not None:
        print(f"[consumer] got {item}")
        # A slow consumer
        await asyncio.sleep(0.3)
    print("[consumer] got the None sentinel: done")


async def main():
    # Room for 2 items, no more
    q = asyncio.Queue(maxsize=2)
    task = asyncio.create_task(consumer(q))
    for item in range(1, 7):
        # Waits while the queue is full
        await q.put(item)
        print(f"[producer] sent {item}")
    # No "all senders gone": send an end marker
    await q.put(None)
    await task


asyncio.run(main())
