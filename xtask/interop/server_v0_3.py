"""Interop, direction B: an A2A agent written with the official Python SDK of the 0.3 line,
served as its tutorials serve one (A2AStarletteApplication on uvicorn), for this
repository's client to talk to.

What it does is chosen by the request:
- `hello...` is answered with a message (`Hello from Python`), no task;
- `book...` starts a conversation: the task asks for input (`input-required`, "Which
  city?"), and the follow-up message completes it (`Booked a trip to <city>.`);
- `quick...` never sends a Task: it sends status updates `submitted` and `working`, an
  artifact `shout` with the request in upper case, and `completed`;
- `report...` completes with an artifact `report` of three parts: the text `Totals`, the
  file `report.txt` (bytes `tck`, `text/plain`), and the data `{"total": 3}`;
- anything else is planned: four `working` updates about 0.4 s apart, an artifact
  `itinerary` with the text `Itinerary for: <request>`, and completion with "Planned.".

It binds a loopback port (`--port`, default any free one) and prints
`python agent listening on http://127.0.0.1:<port>` once it accepts connections. With
`--watch-stdin` it exits when its standard input closes, so that it never outlives the
`cargo xtask interop` that started it.
"""

import argparse
import asyncio
import base64
import os
import socket
import sys
import threading

import uvicorn
from a2a.server.agent_execution import AgentExecutor, RequestContext
from a2a.server.apps import A2AStarletteApplication
from a2a.server.events import EventQueue
from a2a.server.request_handlers import DefaultRequestHandler
from a2a.server.tasks import InMemoryTaskStore, TaskUpdater
from a2a.types import (
    AgentCapabilities,
    AgentCard,
    AgentSkill,
    DataPart,
    FilePart,
    FileWithBytes,
    Part,
    TaskState,
    TextPart,
)
from a2a.utils import new_agent_text_message, new_task

STEPS = ['Looking up flights...', 'Comparing prices...', 'Checking seats...', 'Holding the best fare...']
STEP_DELAY = 0.4


class TripAgent(AgentExecutor):
    """Plans trips (streaming progress) or books them (asking for the city first)."""

    def __init__(self):
        # Tasks whose cancellation was asked for: execute() checks it before each update,
        # so that nothing follows the canceled status.
        self.canceled = set()
        # The event queue of each running task. cancel() is handed a tap of it, whose
        # events reach only the cancel request; the canceled status must go to the task's
        # own queue for its streams (and, through the tap, the cancel request) to see it.
        self.queues = {}

    async def execute(self, context: RequestContext, event_queue: EventQueue) -> None:
        request = context.get_user_input()
        if request.startswith('hello'):
            await event_queue.enqueue_event(new_agent_text_message('Hello from Python', context.context_id))
            return
        if request.startswith('quick'):
            await self.quick(context, event_queue, request)
            return
        task = context.current_task
        if task is None:
            task = new_task(context.message)
            await event_queue.enqueue_event(task)
        updater = TaskUpdater(event_queue, task.id, task.context_id)
        self.queues[task.id] = event_queue

        def say(text):
            return new_agent_text_message(text, task.context_id, task.id)

        if task.status.state == TaskState.input_required:
            await updater.complete(say(f'Booked a trip to {request}.'))
        elif request.startswith('book'):
            await updater.requires_input(say('Which city?'), final=True)
        elif request.startswith('report'):
            file = FileWithBytes(
                bytes=base64.b64encode(b'tck').decode(), name='report.txt', mime_type='text/plain'
            )
            parts = [
                Part(root=TextPart(text='Totals')),
                Part(root=FilePart(file=file)),
                Part(root=DataPart(data={'total': 3})),
            ]
            await updater.add_artifact(parts, name='report')
            await updater.complete()
        else:
            for step in STEPS:
                if task.id in self.canceled:
                    return
                await updater.start_work(say(step))
                await asyncio.sleep(STEP_DELAY)
            if task.id in self.canceled:
                return
            await updater.add_artifact(
                [Part(root=TextPart(text=f'Itinerary for: {request}'))], name='itinerary'
            )
            await updater.complete(say('Planned.'))

    async def quick(self, context: RequestContext, event_queue: EventQueue, request: str) -> None:
        """The other common way of starting a task: no Task event, only status updates
        through the ids the request context assigned."""
        updater = TaskUpdater(event_queue, context.task_id, context.context_id)
        await updater.submit()
        await updater.start_work()
        await updater.add_artifact([Part(root=TextPart(text=request.upper()))], name='shout')
        await updater.complete()

    async def cancel(self, context: RequestContext, event_queue: EventQueue) -> None:
        self.canceled.add(context.task_id)
        queue = self.queues.get(context.task_id, event_queue)
        await TaskUpdater(queue, context.task_id, context.context_id).cancel()


def card(url):
    skill = AgentSkill(id='trips', name='Trips', description='Plans and books trips.', tags=['travel'])
    return AgentCard(
        name='Python trip agent',
        description='An a2a-sdk 0.3 agent for interop checks.',
        url=url,
        version='1.0.0',
        capabilities=AgentCapabilities(streaming=True),
        default_input_modes=['text'],
        default_output_modes=['text'],
        skills=[skill],
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--port', type=int, default=0)
    parser.add_argument('--watch-stdin', action='store_true', help='exit when stdin closes')
    args = parser.parse_args()
    if args.watch_stdin:
        threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(('127.0.0.1', args.port))
    sock.listen(128)
    url = f'http://127.0.0.1:{sock.getsockname()[1]}'

    handler = DefaultRequestHandler(agent_executor=TripAgent(), task_store=InMemoryTaskStore())
    app = A2AStarletteApplication(agent_card=card(f'{url}/'), http_handler=handler).build()
    server = uvicorn.Server(uvicorn.Config(app, log_level='warning'))
    print(f'python agent listening on {url}', flush=True)
    server.run(sockets=[sock])


if __name__ == '__main__':
    main()
