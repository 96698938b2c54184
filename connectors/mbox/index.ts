/**
 * The `mbox` connector: mail archives (a mailing list's, an exported mailbox) turned into
 * accounts and help (docs/help.md, e-mail): a reply is the replier helping the parent's author.
 * People are their addresses, so identity links them to the org chart by e-mail. Only header
 * fields are read; bodies are passed over and subjects are only searched for [tags].
 */
import { MAX_RECORD_OPTION, maxRecordBytes } from '../shared/record-limit.ts';
import { SkipTally } from '../shared/skips.ts';
import { loadTopics } from '../shared/topics.ts';
import type { Connector, ConnectorInput, ConnectorRecord } from '../types.ts';
import { mboxMessages } from './mbox-file.ts';
import { mboxFiles } from './mbox-files.ts';
import { FIELDS, readMessage } from './message.ts';
import { ReplyBook } from './replies.ts';

/** Mail lines are at most 998 bytes by RFC 5322; broken writers go far beyond, not this far. */
const MAX_LINE_BYTES = 16 * 1024 ** 2;

export const mbox: Connector = {
  id: 'mbox',
  description: 'mbox mail archives (a mailing list, an exported mailbox): replies',
  accepts:
    'an mbox file, or a folder of them (*.mbox, *.mbx, Apple Mail’s Name.mbox/mbox); *.gz ' +
    'files are gunzipped',
  optionsHelp: {
    list:
      'the list, the context of every reply (default: each message’s List-Id, else the name ' +
      'of the folder or file)',
    topics:
      'file mapping subject tags to topics (JSON {"tag": "topic"} or CSV "tag,topic"): a reply ' +
      'whose subject carries a [tag] the file maps gets that topic; without one, its first ' +
      '[tag] that is not the list’s own prefix nor a patch marker is the topic, else the list',
    [MAX_RECORD_OPTION]: 'the longest line accepted (default 16MB)',
  },
  async validate(input) {
    await mboxFiles(input.path);
    await loadTopics(input.options.topics);
    maxRecordBytes(input, MAX_LINE_BYTES);
  },
  read: readMbox,
};

async function* readMbox(input: ConnectorInput): AsyncGenerator<ConnectorRecord> {
  const { files, defaultList } = await mboxFiles(input.path);
  const tagTopics = new Map(
    [...(await loadTopics(input.options.topics))].map(([tag, topic]) => [tagKey(tag), topic]),
  );
  const list = input.options.list?.trim() || null;
  const wanted = new Set(FIELDS);
  if (list !== null) wanted.delete('list-id');
  const limit = maxRecordBytes(input, MAX_LINE_BYTES);
  const skips = new SkipTally();
  const replies = new ReplyBook(skips);
  yield { type: 'progress', read: 0, total: files.length };
  for (const [index, file] of files.entries()) {
    for await (const raw of mboxMessages(file, wanted, limit)) {
      const message = readMessage(raw, file);
      const context = list ?? message.listId ?? defaultList;
      const tag = message.subjectTags.find((name) => tagTopics.has(tagKey(name)));
      const topic =
        tag === undefined
          ? (topicTag(message.subjectTags, context) ?? context)
          : tagTopics.get(tagKey(tag))!;
      yield* replies.add(message, { context, topic });
    }
    yield { type: 'progress', read: index + 1, total: files.length };
  }
  yield* replies.finish();
  yield* skips.records();
}

/**
 * A subject's own topic, without a topics file: its first [tag] that is neither the list's
 * subject prefix ([dev] on dev@…, matched against the context's first label) nor a marker of
 * patches and announcements ([PATCH v2 1/3], [RFC], [ANN]), lower-cased.
 */
function topicTag(tags: readonly string[], context: string): string | null {
  const list = tagKey(context.split(/[.@]/)[0] ?? '');
  const tag = tags.find((name) => {
    const key = tagKey(name);
    return key !== '' && key !== list && !MARKER.test(key);
  });
  return tag === undefined ? null : tagKey(tag);
}

const MARKER = /^(patch|rfc|pull|git pull|ann|announce|resend)\b|^[\d\s/.,-]+$/i;

/** Tags match without case and with or without their brackets: "[K8s]" is "k8s". */
function tagKey(tag: string): string {
  return tag
    .replace(/^\[(.*)\]$/, '$1')
    .trim()
    .toLowerCase();
}
