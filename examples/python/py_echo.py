import asyncio


async def echo(reader, writer):  # one task per connection (start_server makes it)
    while data := await reader.read(1024):
        writer.write(data)
        await writer.drain()
    writer.close()


async def client(name, port):
    print(f"[{name}] connecting")
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for i in range(1, 4):
        message = f"{name} says {i}".encode()
        writer.write(message)
        back = await reader.readexactly(len(message))
        print(f"[{name}] echoed: {back.decode()}")
        await asyncio.sleep(0.2)
    writer.close()


async def main():
    server = await asyncio.start_server(echo, "127.0.0.1", 0)  # port 0: any free port
    port = server.sockets[0].getsockname()[1]
    print(f"[server] listening on 127.0.0.1:{port}")
    await asyncio.gather(client("c1", port), client("c2", port), client("c3", port))
    print("[main] clients done; asyncio.run cancels what is left")


asyncio.run(main())
