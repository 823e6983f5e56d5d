import asyncio


async def test():
    print("test1")
    await asyncio.sleep(3)
    print("test2")


async def retest():
    print("retest1")
    await asyncio.sleep(2)
    print("retest2")


async def main():
    # Two coroutine objects: nothing has run yet
    tasks = [test(), retest()]
    # Wraps each in a Task; the sleeps overlap
    await asyncio.gather(*tasks)


asyncio.run(main())
