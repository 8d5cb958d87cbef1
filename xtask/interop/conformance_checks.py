"""Direction A against examples/conformance-agent: the shapes a 0.3 client must read back
(a direct message, file and data parts, chunked artifacts, interrupted and rejected
tasks) and a multi-turn conversation. The agent's behaviour is keyed on the messageId
prefix (docs/conformance.md)."""

import base64
import uuid

from a2a.client import A2ACardResolver, ClientConfig, ClientFactory
from a2a.client.errors import A2AClientJSONRPCError
from a2a.types import (
    DataPart,
    FilePart,
    FileWithBytes,
    FileWithUri,
    Message,
    Part,
    Role,
    TaskQueryParams,
    TaskState,
    TextPart,
)
from a2a.utils import get_message_text

from checks import CheckFailed, expect, expect_eq

# A2A error codes, which v0.3 and v1.0 share.
TASK_NOT_FOUND = -32001
CONTENT_TYPE_NOT_SUPPORTED = -32005


def message(prefix, text='hello', task_id=None, context_id=None):
    return Message(
        role=Role.user,
        parts=[Part(TextPart(text=text))],
        message_id=f'{prefix}-{uuid.uuid4()}',
        task_id=task_id,
        context_id=context_id,
    )


async def send(client, msg):
    """A blocking send_message; returns the one task or message it yields."""
    events = [e async for e in client.send_message(msg)]
    expect_eq(len(events), 1, f'events yielded by send_message({msg.message_id})')
    return events[0] if isinstance(events[0], Message) else events[0][0]


def only_part(task):
    expect_eq(len(task.artifacts or []), 1, 'artifact count')
    expect_eq(len(task.artifacts[0].parts), 1, 'part count')
    return task.artifacts[0].parts[0].root


async def conformance_checks(checks, http, base_url):
    found = []

    async def resolve():
        found.append(await A2ACardResolver(http, base_url).get_agent_card())

    await checks.run('conformance agent: card resolution', resolve)
    if not found:
        return
    card = found[0]
    blocking = ClientFactory(ClientConfig(httpx_client=http, streaming=False)).create(card)
    streaming = ClientFactory(ClientConfig(httpx_client=http, streaming=True)).create(card)

    async def direct_message():
        reply = await send(blocking, message('tck-message-response'))
        expect(isinstance(reply, Message), f'expected a Message, got {reply!r}')
        expect_eq((reply.role, get_message_text(reply)), (Role.agent, 'Direct message response'), 'the reply')
        streamed = [e async for e in streaming.send_message(message('tck-message-response'))]
        expect_eq(len(streamed), 1, 'events of the streamed reply')
        expect(isinstance(streamed[0], Message), f'expected a streamed Message, got {streamed[0]!r}')
        expect_eq(get_message_text(streamed[0]), 'Direct message response', 'the streamed reply')

    async def file_part():
        task = await send(blocking, message('tck-artifact-file'))
        part = only_part(task)
        expect(
            isinstance(part, FilePart) and isinstance(part.file, FileWithBytes),
            f'expected file bytes, got {part!r}',
        )
        expect_eq(base64.b64decode(part.file.bytes), b'tck', 'the file bytes')
        expect_eq((part.file.name, part.file.mime_type), ('output.txt', 'text/plain'), 'file name and type')

    async def file_uri_part():
        task = await send(blocking, message('tck-artifact-file-url'))
        part = only_part(task)
        expect(
            isinstance(part, FilePart) and isinstance(part.file, FileWithUri),
            f'expected a file URI, got {part!r}',
        )
        expect_eq(part.file.uri, 'https://example.com/output.txt', 'the file URI')

    async def data_part():
        task = await send(blocking, message('tck-artifact-data'))
        part = only_part(task)
        expect(isinstance(part, DataPart), f'expected a data part, got {part!r}')
        expect_eq(part.data, {'key': 'value', 'count': 42}, 'the data')

    async def multi_turn():
        first = await send(blocking, message('tck-input-required'))
        expect_eq(first.status.state, TaskState.input_required, 'state after the first turn')
        follow_up = message('tck-complete-task', task_id=first.id, context_id=first.context_id)
        done = await send(blocking, follow_up)
        expect_eq(
            (done.id, done.context_id), (first.id, first.context_id), 'the follow-up continues the task'
        )
        expect_eq(done.status.state, TaskState.completed, 'state after the follow-up')
        expect_eq(get_message_text(done.status.message), 'Hello from TCK', 'the final status message')
        stored = await blocking.get_task(TaskQueryParams(id=first.id))
        users = [m.message_id for m in stored.history or [] if m.role == Role.user]
        expect_eq(users[-1], follow_up.message_id, 'the last user message in the history')
        expect_eq(len(users), 2, 'user messages in the history')

    async def user_parts():
        # What a 0.3 client sends, every kind of part, must come back unchanged in the history
        # (in media types the card's `text` input mode covers).
        parts = [
            Part(TextPart(text='see attached')),
            Part(
                FilePart(
                    file=FileWithBytes(
                        bytes=base64.b64encode(b'abc').decode(), name='a.txt', mime_type='text/plain'
                    )
                )
            ),
            Part(
                FilePart(
                    file=FileWithUri(uri='https://example.com/b.md', name='b.md', mime_type='text/markdown')
                )
            ),
            Part(DataPart(data={'answer': 42, 'items': ['x', 'y']})),
        ]
        sent = message('tck-complete-task')
        sent.parts = parts
        task = await send(blocking, sent)
        stored = await blocking.get_task(TaskQueryParams(id=task.id))
        echoed = next((m for m in stored.history or [] if m.message_id == sent.message_id), None)
        expect(echoed is not None, f'the sent message is not in the history: {stored.history!r}')
        dump = lambda ps: [p.model_dump(mode='json', exclude_none=True) for p in ps]  # noqa: E731
        expect_eq(dump(echoed.parts), dump(parts), 'the parts in the history')

    async def refused_media_type():
        pdf = FileWithUri(uri='https://example.com/b.pdf', name='b.pdf', mime_type='application/pdf')
        sent = message('tck-complete-task')
        sent.parts.append(Part(FilePart(file=pdf)))
        try:
            await send(blocking, sent)
        except A2AClientJSONRPCError as e:
            expect_eq(e.error.code, CONTENT_TYPE_NOT_SUPPORTED, 'error code')
        else:
            raise CheckFailed('a part in a media type outside the input modes was accepted')

    async def same_context():
        first = await send(blocking, message('tck-complete-task'))
        second = await send(blocking, message('tck-complete-task', context_id=first.context_id))
        expect(second.id != first.id, 'a new message in a finished context got the old task')
        expect_eq(second.context_id, first.context_id, 'the context of the second task')

    async def rejected():
        task = await send(blocking, message('tck-reject-task'))
        expect_eq(task.status.state, TaskState.rejected, 'state')
        expect_eq(get_message_text(task.status.message), 'Request rejected', 'the reason')

    async def chunked_stream():
        events = [e async for e in streaming.send_message(message('tck-stream-artifact-chunked'))]
        chunks = [u for _, u in events if u is not None and u.kind == 'artifact-update']
        expect_eq(
            [(bool(c.append), bool(c.last_chunk)) for c in chunks],
            [(False, False), (True, True)],
            'append and lastChunk flags',
        )
        task = events[-1][0]
        expect_eq(task.status.state, TaskState.completed, 'final state')
        expect_eq(
            [get_message_text(a, '') for a in task.artifacts], ['chunk-1 chunk-2'], 'the assembled artifact'
        )

    async def unknown_task():
        try:
            await blocking.get_task(TaskQueryParams(id=str(uuid.uuid4())))
        except A2AClientJSONRPCError as e:
            expect_eq(e.error.code, TASK_NOT_FOUND, 'error code')
        else:
            raise CheckFailed('get_task of an unknown id succeeded')

    await checks.run('conformance agent: a direct message reply, sent and streamed', direct_message)
    await checks.run('conformance agent: a file artifact (bytes)', file_part)
    await checks.run('conformance agent: a file artifact (URI)', file_uri_part)
    await checks.run('conformance agent: a data artifact', data_part)
    await checks.run('conformance agent: input-required, then a follow-up completes', multi_turn)
    await checks.run('conformance agent: file and data parts sent by the client round-trip', user_parts)
    await checks.run(
        'conformance agent: a part outside the input modes is ContentTypeNotSupported', refused_media_type
    )
    await checks.run('conformance agent: a new task in an existing context', same_context)
    await checks.run('conformance agent: a rejected task', rejected)
    await checks.run('conformance agent: a chunked artifact stream', chunked_stream)
    await checks.run('conformance agent: get_task of an unknown id is TaskNotFound', unknown_task)
