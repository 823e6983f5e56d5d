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
    tasks = [test(), retest()]  # two coroutine objects: nothing has run yet
    await asyncio.gather(*tasks)  # wraps each in a Task; the sleeps overlap


asyncio.run(main())
