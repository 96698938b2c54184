/**
 * docs/help.md for Q&A: an answer is the answerer helping the asker ('answer', or 'accepted-answer'
 * for the one the asker accepted), a comment is the commenter helping the post's owner.
 * Everything else is counted by reason.
 */
import type { SkipTally } from '../shared/skips.ts';
import type { AccountRecord, ActivityRecord, InteractionRecord } from '../types.ts';
import type { Answer, Asking, PostIndex } from './posts.ts';
import { SOURCE, type UserBook } from './users.ts';

export const SKIP = {
  question: 'question (the asking; its answers and comments are the help)',
  notQa: 'post that is neither question nor answer (tag wiki and the like)',
  answerByDeleted: 'answer by a deleted user (no OwnerUserId)',
  commentByDeleted: 'comment by a deleted user (no UserId)',
  byBot: 'answer or comment by the Community bot',
  toDeleted: 'answer or comment on a post of a deleted user',
  toBot: 'answer or comment on a post of the Community bot',
  selfAnswer: 'self-answer (the asker answering their own question)',
  selfComment: 'comment on one’s own post',
  missingQuestion: 'answer whose question is not in the dump',
  missingPost: 'comment on a post that is not in the dump',
  commentOnNotQa: 'comment on a tag wiki or other post that is neither question nor answer',
};

export interface Comment {
  id: number;
  postId: number;
  user: number | null;
  createdAt: string;
}

type Help = AccountRecord | InteractionRecord;

export class QaHelp {
  constructor(
    private readonly site: string,
    private readonly users: UserBook,
    private readonly posts: PostIndex,
    private readonly skips: SkipTally,
  ) {}

  /** A question is not help but activity: the asker asked (answered or not). */
  *question(asking: Asking): Generator<AccountRecord | ActivityRecord> {
    if (asking.owner === null || this.users.isBot(asking.owner)) return;
    const newcomer = this.users.admit(asking.owner);
    if (newcomer) yield newcomer;
    yield {
      type: 'activity',
      source: SOURCE,
      sourceId: `${this.site}:question:${asking.id}`,
      occurredAt: asking.createdAt,
      account: this.users.accountId(asking.owner),
      kind: 'question',
      context: this.site,
    };
  }

  /** The answer as help, once its question has been read. */
  *answer(answer: Answer): Generator<Help> {
    const question = this.posts.question(answer.questionId);
    if (!question) return this.skips.add(SKIP.missingQuestion);
    if (answer.owner === null) return this.skips.add(SKIP.answerByDeleted);
    const accepted = question.acceptedAnswer === answer.id;
    yield* this.help(answer.owner, question.owner, SKIP.selfAnswer, {
      sourceId: `${this.site}:answer:${answer.id}`,
      occurredAt: answer.createdAt,
      kind: accepted ? 'accepted-answer' : 'answer',
      topic: question.topic,
      ...this.details(answer.questionId, question.topics),
    });
  }

  *comment(comment: Comment): Generator<Help> {
    const post = this.posts.commented(comment.postId);
    if (post === undefined) return this.skips.add(SKIP.missingPost);
    if (post === 'not Q&A') return this.skips.add(SKIP.commentOnNotQa);
    if (comment.user === null) return this.skips.add(SKIP.commentByDeleted);
    yield* this.help(comment.user, post.owner, SKIP.selfComment, {
      sourceId: `${this.site}:comment:${comment.id}`,
      occurredAt: comment.createdAt,
      kind: 'comment',
      topic: this.posts.question(post.questionId)?.topic ?? null,
      ...this.details(post.questionId, this.posts.question(post.questionId)?.topics ?? []),
    });
  }

  /** The question is the thread; its tags, when it has several, are the topics. */
  private details(
    questionId: number,
    topics: string[],
  ): Pick<InteractionRecord, 'thread' | 'topics'> {
    return {
      thread: `${this.site}:question:${questionId}`,
      ...(topics.length > 1 ? { topics } : {}),
    };
  }

  private *help(
    helper: number,
    helped: number | null,
    selfHelp: string,
    event: Pick<
      InteractionRecord,
      'sourceId' | 'occurredAt' | 'kind' | 'topic' | 'thread' | 'topics'
    >,
  ): Generator<Help> {
    if (this.users.isBot(helper)) return this.skips.add(SKIP.byBot);
    if (helped === null) return this.skips.add(SKIP.toDeleted);
    if (this.users.isBot(helped)) return this.skips.add(SKIP.toBot);
    if (helped === helper) return this.skips.add(selfHelp);
    for (const user of [helper, helped]) {
      const newcomer = this.users.admit(user);
      if (newcomer) yield newcomer;
    }
    yield {
      type: 'interaction',
      source: SOURCE,
      ...event,
      helper: this.users.accountId(helper),
      helped: this.users.accountId(helped),
      context: this.site,
      weight: null,
    };
  }
}
