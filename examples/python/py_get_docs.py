import asyncio


async def fetch_doc(i):
    print(f"[get_docs] fetching doc {i}")
    await asyncio.sleep(0.3)
    return f"doc {i}"


async def get_docs():  # an async generator
    for i in range(1, 4):
        yield await fetch_doc(i)


async def main():
    docs = get_docs()  # nothing is fetched yet
    print("[main] got an async generator, nothing fetched yet")
    async for doc in docs:
        print(f"[main] got {doc}")
    print("[main] async for ended: it caught StopAsyncIteration")
    try:
        await anext(docs)
    except StopAsyncIteration:
        print("[main] anext() once more: StopAsyncIteration raised")


asyncio.run(main())
