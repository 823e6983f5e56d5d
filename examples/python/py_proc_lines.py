import asyncio
import time

SCRIPT = "echo one; sleep 0.3; echo two; sleep 0.3; echo three"
PIPE = asyncio.subprocess.PIPE


def ms(start):
    return round((time.monotonic() - start) * 1000)


async def streamed(start):
    proc = await asyncio.create_subprocess_exec("sh", "-c", SCRIPT, stdout=PIPE)
    async for raw in proc.stdout:  # each line when the child prints it
        line = raw.decode().strip()
        print(f"[lines] {line:<5} at {ms(start)} ms")
    code = await proc.wait()
    print(f"[lines] child exited: {code}")


async def collected(start):
    proc = await asyncio.create_subprocess_exec("sh", "-c", SCRIPT, stdout=PIPE)
    out, _ = await proc.communicate()  # everything, at the end
    for line in out.decode().splitlines():
        print(f"[output] {line:<5} at {ms(start)} ms")


async def main():
    start = time.monotonic()
    await asyncio.gather(streamed(start), collected(start))


asyncio.run(main())
