import asyncio


async def consumer(q):
    while (item := await q.get()) is not None:
        print(f"[consumer] got {item}")
        await asyncio.sleep(0.3)  # a slow consumer
    print("[consumer] got the None sentinel: done")


async def main():
    q = asyncio.Queue(maxsize=2)  # room for 2 items, no more
    task = asyncio.create_task(consumer(q))
    for item in range(1, 7):
        await q.put(item)  # waits while the queue is full
        print(f"[producer] sent {item}")
    await q.put(None)  # no "all senders gone": send an end marker
    await task


asyncio.run(main())
