import asyncio
import time

LIMIT = 5


async def job(n, permits, pool, counts):
    async with permits:  # at most LIMIT jobs inside this block
        counts["running"] += 1
        counts["peak"] = max(counts["peak"], counts["running"])
        conn = pool.pop()
        print(f"[conn{conn}] job {n}")
        await asyncio.sleep(0.1)  # the query
        pool.append(conn)
        counts["running"] -= 1


async def main():
    start = time.monotonic()
    permits = asyncio.Semaphore(LIMIT)
    pool = list(range(LIMIT, 0, -1))  # connections 5..1: pop() takes 1 first
    counts = {"running": 0, "peak": 0}  # one thread: no lock, no atomics
    await asyncio.gather(*(job(n, permits, pool, counts) for n in range(1, 101)))
    ms = round((time.monotonic() - start) * 1000)
    print(f"[main] 100 jobs in {ms} ms, at most {counts['peak']} at once")


asyncio.run(main())
