/**
 * The `stackexchange` connector: one site of a Stack Exchange data dump (the folder its .7z
 * unpacks to) turned into accounts and help (docs/help.md, Q&A): answers, accepted answers and
 * comments. Users.xml, Posts.xml and Comments.xml are streamed in that order; bodies, titles
 * and comment texts are parsed past, never kept.
 */
import { MAX_RECORD_OPTION, maxRecordBytes } from '../shared/record-limit.ts';
import { SkipTally } from '../shared/skips.ts';
import { loadTopics } from '../shared/topics.ts';
import type { Connector, ConnectorInput, ConnectorRecord } from '../types.ts';
import { openDump, REQUIRED_FILES, RowReader } from './dump.ts';
import { QaHelp, SKIP } from './help.ts';
import { PostIndex, type Answer } from './posts.ts';
import { UserBook } from './users.ts';
import { xmlRows } from './xml-rows.ts';

export const stackExchange: Connector = {
  id: 'stackexchange',
  description: 'Stack Exchange data dump of one site: answers, accepted answers and comments',
  accepts: 'the folder a site’s data dump unpacks to (Posts.xml, Users.xml, Comments.xml)',
  optionsHelp: {
    site: 'the site, the context of its help and part of every id (default: the folder name)',
    topics:
      'file mapping tags to topics (JSON {"tag": "topic"} or CSV "tag,topic"): a question’s ' +
      'topic is its first tag the file maps, else its first tag',
    [MAX_RECORD_OPTION]: 'the longest row (or text between rows) accepted (default 64MB)',
  },
  async validate(input) {
    await openDump(input.path, input.options.site);
    await loadTopics(input.options.topics);
    maxRecordBytes(input, MAX_ROW);
  },
  read: readDump,
};

/** A post's body is at most 30,000 characters on the sites: 64 MB is far beyond any row. */
const MAX_ROW = 64 * 1024 ** 2;

async function* readDump(input: ConnectorInput): AsyncGenerator<ConnectorRecord> {
  const dump = await openDump(input.path, input.options.site);
  const posts = new PostIndex(await loadTopics(input.options.topics));
  const users = new UserBook(dump.site);
  const skips = new SkipTally();
  const help = new QaHelp(dump.site, users, posts, skips);
  const limit = maxRecordBytes(input, MAX_ROW);
  const total = REQUIRED_FILES.length;
  yield { type: 'progress', read: 0, total };

  yield* users.read(dump.files['Users.xml'], limit);
  yield { type: 'progress', read: 1, total };

  const postsFile = dump.files['Posts.xml'];
  // An answer can come before its question (ids are not always in posting order): those wait
  // for the end of the file.
  const waiting: Answer[] = [];
  for await (const row of xmlRows(postsFile, 'posts', limit)) {
    const post = posts.add(new RowReader(postsFile, row));
    if (post.type === 'question') {
      skips.add(SKIP.question);
      yield* help.question(post.asking);
    } else if (post.type === 'other') skips.add(SKIP.notQa);
    else if (posts.question(post.answer.questionId)) yield* help.answer(post.answer);
    else waiting.push(post.answer);
  }
  for (const answer of waiting) yield* help.answer(answer);
  yield { type: 'progress', read: 2, total };

  const commentsFile = dump.files['Comments.xml'];
  for await (const row of xmlRows(commentsFile, 'comments', limit)) {
    const fields = new RowReader(commentsFile, row);
    yield* help.comment({
      id: fields.integer('Id'),
      postId: fields.integer('PostId'),
      user: fields.integer('UserId', true),
      createdAt: fields.dateTime('CreationDate'),
    });
  }
  yield { type: 'progress', read: 3, total };
  yield* skips.records();
}
