#!/usr/bin/env python3
"""The seed notes' I/O experiment in Python, for a side-by-side reference with scatter's fetch rows:
asyncio + aiohttp, one ClientSession, a semaphore of IN_FLIGHT requests, gather over all URLs.
Prints one line: URLs, in flight, wall seconds, the limit (URLs x delay / in flight) and wall/limit.
Runs a warm-up pass first, as scatter's `compare --warmup` does. deploy/fetch-bench calls this.

    python3 deploy/fetch_asyncio.py URL COUNT IN_FLIGHT DELAY_MS [WARMUP]
"""
import asyncio
import sys
import time

import aiohttp


async def fetch_all(session, url, count, in_flight):
    gate = asyncio.Semaphore(in_flight)

    async def fetch(_):
        async with gate:
            async with session.get(url) as response:
                await response.read()
                return response.status

    return await asyncio.gather(*(fetch(i) for i in range(count)))


async def measure(url, count, in_flight, warmup):
    # One session for the warm-up and the timed run, so the timed run finds its connections open, as
    # scatter's does. The connector would cap the session at 100 connections; the semaphore is the limit.
    connector = aiohttp.TCPConnector(limit=in_flight)
    async with aiohttp.ClientSession(connector=connector) as session:
        for _ in range(warmup):
            await fetch_all(session, url, count, in_flight)
        start = time.perf_counter()
        statuses = await fetch_all(session, url, count, in_flight)
        wall = time.perf_counter() - start
    return wall, sum(1 for status in statuses if 200 <= status < 300)


def main(argv):
    if len(argv) not in (5, 6):
        sys.exit(__doc__.strip().splitlines()[-1].strip())
    url, count, in_flight, delay_ms = argv[1], int(argv[2]), int(argv[3]), int(argv[4])
    warmup = int(argv[5]) if len(argv) == 6 else 1
    wall, ok = asyncio.run(measure(url, count, in_flight, warmup))
    limit = count * delay_ms / 1000 / in_flight
    print(f"python asyncio+aiohttp {aiohttp.__version__}: {count:,} URLs, {in_flight:,} in flight, "
          f"{ok:,} ok, wall {wall:.3f} s, limit {limit:.3f} s, {wall / limit:.2f}x")


if __name__ == "__main__":
    main(sys.argv)
