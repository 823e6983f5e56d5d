import asyncio

PERIOD = 0.1
WORK = 0.03


def report(name, rnd, start, loop):
    if rnd % 3 == 1 or rnd == 10:
        at = round((loop.time() - start) * 1000)
        plan = round(PERIOD * rnd * 1000)
        print(f"[{name}] round {rnd:>2} at {at:>4} ms (plan {plan:>4} ms)")


async def relative(start, loop):
    for rnd in range(1, 11):
        await asyncio.sleep(PERIOD)  # 100 ms from *now*
        report("sleep", rnd, start, loop)
        await asyncio.sleep(WORK)  # the job of this round


async def absolute(start, loop):
    for rnd in range(1, 11):
        # asyncio has no sleep_until: sleep for what is left until the deadline
        await asyncio.sleep(max(0, start + PERIOD * rnd - loop.time()))
        report("deadline", rnd, start, loop)
        await asyncio.sleep(WORK)


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    await asyncio.gather(relative(start, loop), absolute(start, loop))


asyncio.run(main())
