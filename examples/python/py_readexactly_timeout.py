import asyncio

FRAME = 8  # every message is exactly 8 bytes


async def writer(sock_writer):
    # Frame 2 comes in two halves, 300 ms apart: a slow network.
    steps = [(50, b"frame-1;"), (50, b"fram"), (300, b"e-2;"), (50, b"frame-3;")]
    for after_ms, data in steps:
        await asyncio.sleep(after_ms / 1000)
        print(f'[writer] sending "{data.decode()}"')
        sock_writer.write(data)
        await sock_writer.drain()
    sock_writer.close()


async def main():
    accepted = asyncio.Queue()
    # port 0: any free port
    server = await asyncio.start_server(
        lambda r, w: accepted.put_nowait((r, w)), "127.0.0.1", 0
    )
    port = server.sockets[0].getsockname()[1]
    _, client = await asyncio.open_connection("127.0.0.1", port)
    sock, _ = await accepted.get()
    write_task = asyncio.create_task(writer(client))
    while True:
        try:
            frame = await asyncio.wait_for(sock.readexactly(FRAME), 0.25)
            print(f'[reader] frame "{frame.decode()}"')
        except asyncio.TimeoutError:
            print("[reader] timed out; the bytes stay in the StreamReader")
        except asyncio.IncompleteReadError as e:
            print(f"[reader] readexactly: {len(e.partial)} bytes before the end")
            break
    await write_task
    server.close()


asyncio.run(main())
