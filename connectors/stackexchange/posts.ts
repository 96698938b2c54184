/**
 * What help needs to remember of Posts.xml: who owns each question and answer, which answer a
 * question accepted, and the question's topics (its tags). Titles and bodies are never kept.
 */
import type { RowReader } from './dump.ts';

/** PostTypeId values; every other type (tag wikis, moderator nominations …) is not Q&A. */
const QUESTION = 1;
const ANSWER = 2;

export interface Question {
  /** The asker's user Id; null for a deleted user. */
  owner: number | null;
  acceptedAnswer: number | null;
  /** The first topic (below); null without tags. */
  topic: string | null;
  /** Every tag as a topic, the first first, each once; empty without tags. */
  topics: string[];
}

export interface Answer {
  id: number;
  owner: number | null;
  questionId: number;
  createdAt: string;
}

/** A post comments can be on: its owner, and the question it belongs to. */
export interface CommentedPost {
  owner: number | null;
  questionId: number;
}

/** A question as activity: who asked, and when. */
export interface Asking {
  id: number;
  owner: number | null;
  createdAt: string;
}

export type PostRow =
  { type: 'question'; asking: Asking } | { type: 'answer'; answer: Answer } | { type: 'other' };

export class PostIndex {
  private readonly questions = new Map<number, Question>();
  private readonly answers = new Map<number, CommentedPost>();
  private readonly others = new Set<number>();

  constructor(private readonly topics: ReadonlyMap<string, string>) {}

  /** Remembers one Posts.xml row, and says what it was. */
  add(fields: RowReader): PostRow {
    const id = fields.integer('Id');
    const postType = fields.integer('PostTypeId');
    if (this.questions.has(id) || this.answers.has(id) || this.others.has(id)) {
      throw fields.error(`post Id ${id} appears twice`, 'Id');
    }
    if (postType === QUESTION) {
      this.questions.set(id, {
        owner: fields.integer('OwnerUserId', true),
        acceptedAnswer: fields.integer('AcceptedAnswerId', true),
        ...this.topicsOf(fields.text('Tags')),
      });
      const asking = {
        id,
        owner: fields.integer('OwnerUserId', true),
        createdAt: fields.dateTime('CreationDate'),
      };
      return { type: 'question', asking };
    }
    if (postType === ANSWER) {
      const answer: Answer = {
        id,
        owner: fields.integer('OwnerUserId', true),
        questionId: fields.integer('ParentId'),
        createdAt: fields.dateTime('CreationDate'),
      };
      this.answers.set(id, { owner: answer.owner, questionId: answer.questionId });
      return { type: 'answer', answer };
    }
    this.others.add(id);
    return { type: 'other' };
  }

  question(id: number): Question | undefined {
    return this.questions.get(id);
  }

  /** The question or answer `id`; 'not Q&A' for a tag wiki and the like; undefined if unknown. */
  commented(id: number): CommentedPost | 'not Q&A' | undefined {
    const question = this.questions.get(id);
    if (question) return { owner: question.owner, questionId: id };
    return this.answers.get(id) ?? (this.others.has(id) ? 'not Q&A' : undefined);
  }

  /**
   * Every tag counts (the store splits an answer's weight between them, so an answer still
   * weighs what its kind weighs): each mapped through the topics file when it names it. The
   * first topic, stored as the interaction's own, is the first tag the file maps, else the first
   * tag (the one the asker put first, usually the subject itself).
   */
  private topicsOf(tags: string | null): Pick<Question, 'topic' | 'topics'> {
    const names = parseTags(tags);
    const mapped = names.find((name) => this.topics.has(name));
    const topic = mapped !== undefined ? this.topics.get(mapped)! : (names[0] ?? null);
    const all = names.map((name) => this.topics.get(name) ?? name);
    const topics = topic === null ? [] : [...new Set([topic, ...all])];
    return { topic, topics };
  }
}

/** Tags as dumps write them: `<a><b>` (2024 and before) or `|a|b|` (later dumps). */
export function parseTags(tags: string | null): string[] {
  if (tags === null) return [];
  const names = tags.startsWith('<') ? tags.slice(1, -1).split('><') : tags.split('|');
  return names.map((name) => name.trim()).filter((name) => name !== '');
}
