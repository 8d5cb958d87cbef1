"""Interop, direction A: the official A2A Python SDK of the 0.3 line, used as its
tutorials use it, against this repository's server.

`cargo xtask interop` runs it with the URLs of two of our example agents:
examples/streaming (four progress updates ~0.4 s apart, an artifact, completion) and
examples/conformance-agent (behaviour chosen by the messageId prefix; docs/conformance.md).
Each check prints `PASS name` or `FAIL name: why (where)`.
"""

import argparse
import asyncio
import uuid
import warnings

import httpx
from a2a.client import (
    A2ACardResolver,
    A2AClient,
    ClientConfig,
    ClientFactory,
    create_text_message_object,
)
from a2a.client.errors import A2AClientHTTPError, A2AClientJSONRPCError
from a2a.types import (
    GetTaskRequest,
    Message,
    MessageSendParams,
    SendMessageRequest,
    SendMessageSuccessResponse,
    SendStreamingMessageRequest,
    SendStreamingMessageSuccessResponse,
    TaskIdParams,
    TaskQueryParams,
    TaskState,
    TransportProtocol,
)
from a2a.utils import get_message_text

from checks import CheckFailed, Checks, expect, expect_eq
from conformance_checks import conformance_checks

# The progress messages of examples/streaming, in order.
STEPS = ['Initializing...', 'Processing your request...', 'Analyzing data...', 'Generating response...']
REQUEST = 'count these four words'
# What examples/streaming answers to REQUEST (it quotes the text the way Rust's `{:?}` does).
RESULT = 'Analysis of "count these four words": 4 words.'
# The A2A error code of TaskNotCancelableError, which v0.3 and v1.0 share.
TASK_NOT_CANCELABLE = -32002


def artifact_texts(task):
    return [get_message_text(a) for a in task.artifacts or []]


def kind_of(event):
    """The `kind` of what a 0.3 `Client` yields: a Message, or a (task, update) pair."""
    if isinstance(event, Message):
        return 'message'
    task, update = event
    return update.kind if update is not None else task.kind


async def first_working(stream):
    """Reads a stream until the first `working` status update; returns the task so far."""
    async for task, update in stream:
        if update is not None and update.kind == 'status-update' and update.status.state == TaskState.working:
            return task
    raise CheckFailed('the stream ended before any working update')


def expect_completed_analysis(task, where):
    expect_eq(task.status.state, TaskState.completed, f'{where}: state')
    expect_eq(artifact_texts(task), [RESULT], f'{where}: artifact texts')
    expect_eq(task.artifacts[0].name, 'processing_result', f'{where}: artifact name')


class StreamingAgent:
    """The checks against examples/streaming, over one transport of the 0.3 client."""

    def __init__(self, http, card, transport):
        self.http = http
        self.card = card
        self.transport = transport

    def client(self, streaming=True, polling=False):
        config = ClientConfig(
            httpx_client=self.http,
            streaming=streaming,
            polling=polling,
            supported_transports=[self.transport],
        )
        return ClientFactory(config).create(self.card)

    async def send_message(self):
        message = create_text_message_object(content=REQUEST)
        events = [e async for e in self.client(streaming=False).send_message(message)]
        expect_eq([kind_of(e) for e in events], ['task'], 'what send_message yielded')
        task, _ = events[0]
        expect_completed_analysis(task, 'the returned task')
        expect(
            any(m.message_id == message.message_id for m in task.history or []),
            f'the task history {task.history!r} lacks the sent message {message.message_id}',
        )

    async def send_message_streaming(self):
        message = create_text_message_object(content=REQUEST)
        events, first_state = [], None
        async for event in self.client().send_message(message):
            # The client updates one task object in place: note its first state now.
            first_state = first_state or event[0].status.state
            events.append(event)
        want = ['task'] + ['status-update'] * len(STEPS) + ['artifact-update', 'status-update']
        expect_eq([kind_of(e) for e in events], want, 'the kinds of the streamed events')
        updates = [u for _, u in events[1:]]
        expect_eq(first_state, TaskState.submitted, 'the first event (a task): state')
        working = updates[: len(STEPS)]
        expect_eq([u.status.state for u in working], [TaskState.working] * len(STEPS), 'progress states')
        expect_eq([get_message_text(u.status.message) for u in working], STEPS, 'progress texts, in order')
        expect_eq([u.final for u in working], [False] * len(STEPS), 'progress `final` flags')
        expect_eq(get_message_text(updates[-2].artifact), RESULT, 'the artifact-update text')
        expect_eq(updates[-1].status.state, TaskState.completed, 'the last event: state')
        expect_eq(updates[-1].final, True, 'the last event: final')
        expect_completed_analysis(events[-1][0], 'the task the client assembled from the stream')

    async def get_task(self):
        # The polling pattern: a non-blocking send, then tasks/get until the task ends.
        client = self.client(streaming=False, polling=True)
        message = create_text_message_object(content=REQUEST)
        events = [e async for e in client.send_message(message)]
        expect_eq([kind_of(e) for e in events], ['task'], 'what a non-blocking send_message yielded')
        task_id = events[0][0].id
        for _ in range(100):
            task = await client.get_task(TaskQueryParams(id=task_id))
            expect_eq(task.id, task_id, 'get_task: id')
            if task.status.state not in (TaskState.submitted, TaskState.working):
                break
            await asyncio.sleep(0.1)
        expect_completed_analysis(task, 'get_task after completion')
        expect_eq(task.history[0].message_id, message.message_id, 'get_task: the first history entry')
        limited = await client.get_task(TaskQueryParams(id=task_id, history_length=1))
        expect_eq(len(limited.history or []), 1, 'get_task with historyLength 1: history length')

    async def cancel_task(self):
        client = self.client()
        stream = client.send_message(create_text_message_object(content=REQUEST))
        try:
            await self._cancel(client, stream)
        finally:
            await stream.aclose()

    async def _cancel(self, client, stream):
        task = await first_working(stream)
        canceled = await client.cancel_task(TaskIdParams(id=task.id))
        expect_eq(canceled.id, task.id, 'cancel_task: id')
        expect_eq(canceled.status.state, TaskState.canceled, 'cancel_task: state')
        rest = [e async for e in stream]
        expect(rest, 'the original stream ended without reporting the cancellation')
        last = rest[-1][1]
        expect_eq(
            (last.kind, last.status.state, last.final),
            ('status-update', TaskState.canceled, True),
            'the last event of the original stream',
        )
        stored = await client.get_task(TaskQueryParams(id=task.id))
        expect_eq(stored.status.state, TaskState.canceled, 'get_task after cancel: state')
        try:
            await client.cancel_task(TaskIdParams(id=task.id))
        except A2AClientJSONRPCError as e:
            expect_eq(e.error.code, TASK_NOT_CANCELABLE, 'canceling a canceled task: error code')
        except A2AClientHTTPError as e:
            # Over REST the 0.3 client sees only the HTTP status (v0.3 fixed no table for
            # it; we answer 400 as v1.0.1 does, the Python server answers 409).
            expect_eq(self.transport, TransportProtocol.http_json, 'the transport of an HTTP error')
            expect(400 <= e.status_code < 500, f'canceling a canceled task: HTTP status {e.status_code}')
        else:
            raise CheckFailed('canceling a canceled task succeeded')

    async def resubscribe(self):
        client = self.client()
        stream = client.send_message(create_text_message_object(content=REQUEST))
        try:
            await self._resubscribe(client, stream)
        finally:
            await stream.aclose()

    async def _resubscribe(self, client, stream):
        task = await first_working(stream)
        events = [e async for e in client.resubscribe(TaskIdParams(id=task.id))]
        expect(events, 'the resubscription yielded nothing')
        for t, _ in events:
            expect_eq(t.id, task.id, 'a resubscription event: task id')
        updates = [u for _, u in events if u is not None]
        texts = [
            get_message_text(u.status.message)
            for u in updates
            if u.kind == 'status-update' and u.status.state == TaskState.working
        ]
        expect_eq(
            texts,
            STEPS[len(STEPS) - len(texts) :],
            'progress texts after resubscribing (a suffix of the steps)',
        )
        expect_eq(len(texts) < len(STEPS), True, 'the resubscription replays no progress it joined after')
        expect_eq(
            (updates[-1].kind, updates[-1].status.state, updates[-1].final),
            ('status-update', TaskState.completed, True),
            'the last resubscription event',
        )
        expect_eq(
            [get_message_text(u.artifact) for u in updates if u.kind == 'artifact-update'],
            [RESULT],
            'artifacts seen after resubscribing',
        )
        original = [e async for e in stream]
        expect_eq(original[-1][0].status.state, TaskState.completed, 'the original stream: final state')


async def card_resolution(http, base_url, found):
    card = await A2ACardResolver(http, base_url).get_agent_card()
    expect_eq(card.name, 'Streaming analyst', 'card name')
    expect_eq(card.url.rstrip('/'), base_url.rstrip('/'), 'card url')
    expect_eq(card.preferred_transport, TransportProtocol.jsonrpc.value, 'card preferredTransport')
    expect_eq(card.protocol_version, '0.3.0', 'card protocolVersion')
    expect_eq(card.capabilities.streaming, True, 'card capabilities.streaming')
    expect_eq([s.id for s in card.skills], ['analyze'], 'card skill ids')
    rest = [
        i.url for i in card.additional_interfaces or [] if i.transport == TransportProtocol.http_json.value
    ]
    expect_eq(len(rest), 1, 'HTTP+JSON entries in additionalInterfaces')
    found.append(card)


async def legacy_send_message(http, card):
    """The deprecated A2AClient, as the 0.3 tutorials wrote it: raw JSON-RPC requests."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', DeprecationWarning)
        client = A2AClient(httpx_client=http, agent_card=card)
    payload = {
        'message': {
            'role': 'user',
            'parts': [{'kind': 'text', 'text': REQUEST}],
            'messageId': uuid.uuid4().hex,
        }
    }
    response = await client.send_message(
        SendMessageRequest(id=str(uuid.uuid4()), params=MessageSendParams(**payload))
    )
    expect(isinstance(response.root, SendMessageSuccessResponse), f'message/send failed: {response.root!r}')
    task = response.root.result
    expect_eq(task.kind, 'task', 'message/send result kind')
    expect_completed_analysis(task, 'the message/send result')
    got = await client.get_task(GetTaskRequest(id=str(uuid.uuid4()), params=TaskQueryParams(id=task.id)))
    expect_completed_analysis(got.root.result, 'the tasks/get result')


async def legacy_send_message_streaming(http, card):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', DeprecationWarning)
        client = A2AClient(httpx_client=http, agent_card=card)
    payload = {
        'message': {
            'role': 'user',
            'parts': [{'kind': 'text', 'text': REQUEST}],
            'messageId': uuid.uuid4().hex,
        }
    }
    request = SendStreamingMessageRequest(id=str(uuid.uuid4()), params=MessageSendParams(**payload))
    results = []
    async for response in client.send_message_streaming(request):
        expect(
            isinstance(response.root, SendStreamingMessageSuccessResponse),
            f'message/stream event: {response.root!r}',
        )
        expect_eq(response.root.id, request.id, 'the JSON-RPC id of a stream event')
        results.append(response.root.result)
    want = ['task'] + ['status-update'] * len(STEPS) + ['artifact-update', 'status-update']
    expect_eq([r.kind for r in results], want, 'the kinds of the message/stream results')
    expect_eq(
        [r.final for r in results if r.kind == 'status-update'],
        [False] * len(STEPS) + [True],
        'the `final` flags',
    )
    expect_eq(results[-1].status.state, TaskState.completed, 'the last result: state')
    expect_eq(
        len({r.id if r.kind == 'task' else r.task_id for r in results}), 1, 'task ids across the stream'
    )


async def streaming_checks(checks, http, card):
    await checks.run('A2AClient.send_message + get_task', legacy_send_message, http, card)
    await checks.run('A2AClient.send_message_streaming', legacy_send_message_streaming, http, card)
    for transport in (TransportProtocol.jsonrpc, TransportProtocol.http_json):
        agent = StreamingAgent(http, card, transport)
        label = f'Client over {transport.value}'
        await checks.run(f'{label}: send_message', agent.send_message)
        await checks.run(f'{label}: send_message streaming', agent.send_message_streaming)
        await checks.run(f'{label}: get_task (polling)', agent.get_task)
        await checks.run(f'{label}: cancel_task on a running task', agent.cancel_task)
        await checks.run(f'{label}: resubscribe to a running task', agent.resubscribe)


async def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--streaming-url', required=True, help='base URL of examples/streaming')
    parser.add_argument('--conformance-url', required=True, help='base URL of examples/conformance-agent')
    args = parser.parse_args()

    checks = Checks()
    async with httpx.AsyncClient(timeout=httpx.Timeout(15.0)) as http:
        found = []
        await checks.run(
            'card resolution (A2ACardResolver)', card_resolution, http, args.streaming_url, found
        )
        if found:
            await streaming_checks(checks, http, found[0])
        else:
            print('(the streaming agent checks need its card: not run)', flush=True)
        await conformance_checks(checks, http, args.conformance_url)
    checks.exit()


if __name__ == '__main__':
    asyncio.run(main())
