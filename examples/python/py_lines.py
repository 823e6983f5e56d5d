import asyncio


async def server(reader, writer):
    while True:
        try:
            line = await reader.readline()  # b"" at the end of the stream
        except ValueError as e:  # a line longer than the limit
            print(f"[server] {e}; closing the connection")
            break
        if not line:
            break
        request = line.decode().rstrip("\n")
        writer.write(f"PONG {request.removeprefix('PING ')}\n".encode())
        await writer.drain()
    writer.close()


async def main():
    # port 0: any free port; limit: the longest line readline() accepts
    srv = await asyncio.start_server(server, "127.0.0.1", 0, limit=32)
    port = srv.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for request in ["PING 1", "PING 2", "PING " + "x" * 40]:
        print(f"[client] send {len(request)} bytes: {request[:12]}")
        writer.write(f"{request}\n".encode())
        await writer.drain()
        reply = await reader.readline()
        if reply:
            print(f'[client] reply "{reply.decode().rstrip()}"')
        else:
            print("[client] no reply: the server closed the connection")
        await asyncio.sleep(0.1)
    writer.close()
    srv.close()


asyncio.run(main())
