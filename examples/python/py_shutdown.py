import asyncio
import os
import signal


async def worker(name, job_time, stop):
    done = 0
    try:
        while not stop.is_set():
            await asyncio.sleep(job_time)  # the job
            done += 1
        print(f"[{name}] stopped, jobs done: {done}")
    except asyncio.CancelledError:
        print(f"[{name}] CancelledError half-way through a job")
        raise


async def main():
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGINT, stop.set)
    jobs = {"quick": 0.3, "medium": 0.7, "slow": 3}
    workers = [asyncio.create_task(worker(n, t, stop)) for n, t in jobs.items()]

    loop.call_later(1.0, os.kill, os.getpid(), signal.SIGINT)  # "press Ctrl-C"
    await stop.wait()
    print("[main] Ctrl-C: asking 3 workers to stop, waiting at most 1 s")
    _, pending = await asyncio.wait(workers, timeout=1)
    print(f"[main] deadline: {len(pending)} still busy, cancelling")
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


asyncio.run(main())
