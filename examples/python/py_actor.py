import asyncio


async def account(requests):
    """The task that owns the account: nobody else can touch `balance`."""
    balance = 0
    while True:
        request = await requests.get()
        if request is None:  # the handle's close(): no more requests
            break
        kind, amount, reply = request
        await asyncio.sleep(0.1)  # each request takes 100 ms (a disk write, say)
        if kind == "deposit":
            balance += amount
        reply.set_result(balance)
    print(f"[account] closed; the actor stops with balance {balance}")


class Account:
    """The only way to reach the actor."""

    def __init__(self):
        self.requests = asyncio.Queue(16)
        self.task = asyncio.create_task(account(self.requests))

    async def ask(self, kind, amount=0):
        reply = asyncio.get_running_loop().create_future()
        await self.requests.put((kind, amount, reply))
        return await reply

    async def deposit(self, amount):
        return await self.ask("deposit", amount)

    async def balance(self):
        return await self.ask("balance")

    async def close(self):
        await self.requests.put(None)  # no "all senders dropped" in asyncio
        await self.task


async def customer(name, account, start_ms, amount):
    await asyncio.sleep(start_ms / 1000)
    print(f"[{name}] deposit({amount})")
    balance = await account.deposit(amount)
    print(f"[{name}] balance after my deposit: {balance}")


async def main():
    account = Account()
    await asyncio.gather(
        customer("alice", account, 0, 10),
        customer("bob", account, 20, 5),
        customer("carol", account, 40, 1),
    )
    print(f"[main] balance: {await account.balance()}")
    await account.close()


asyncio.run(main())
