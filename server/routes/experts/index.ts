import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { auditDetail } from '../../access/audit.ts';
import { presentExperts } from '../../access/present-reports.ts';
import { BadRequestError } from '../../api/errors.ts';
import { ExpertsSchema } from '../../api/responses.ts';
import { errorResponses, reportQueryProperties } from '../../api/schemas.ts';
import { reportQuery } from '../shared.ts';

/** The shortest window a non-admin may ask experts for: no one's week shows through. */
export const EXPERTS_MIN_WINDOW_DAYS = 90;
/** The shortest prefix that may stand for topics. */
export const TOPIC_MIN_PREFIX = 3;

const experts: FastifyPluginAsyncTypebox = async (app) => {
  /** Every topic of the data, per data version. */
  const knownTopics = () =>
    app.caches.cached('known-topics', async () => {
      const rows = await app.store.all<{ topic: string }>(
        `SELECT DISTINCT trim(topic) AS topic FROM interactions
         WHERE topic IS NOT NULL AND trim(topic) <> '' ORDER BY 1`,
      );
      return rows.map((row) => row.topic);
    });

  /**
   * The topic a non-admin asks about: a known topic (any case), or a prefix of at least
   * TOPIC_MIN_PREFIX characters of exactly one; otherwise a 400 that lists the matches.
   */
  async function resolveTopic(asked: string): Promise<string> {
    const text = asked.trim().toLowerCase();
    const topics = await knownTopics();
    const exact = topics.find((topic) => topic.toLowerCase() === text);
    if (exact) return exact;
    const matches =
      text.length >= TOPIC_MIN_PREFIX
        ? topics.filter((topic) => topic.toLowerCase().startsWith(text))
        : [];
    if (matches.length === 1) return matches[0]!;
    const detail =
      matches.length > 1
        ? `"${asked}" starts ${matches.length} topics: ${matches.slice(0, 20).join(', ')}${matches.length > 20 ? ', …' : ''}; ask for one of them`
        : `"${asked}" is not a known topic; give a topic, or its first ${TOPIC_MIN_PREFIX} letters or more`;
    throw Object.assign(new BadRequestError(detail), { field: 'topic' });
  }

  app.get(
    '/',
    {
      config: { roles: ['admin', 'analyst', 'manager', 'member'] },
      schema: {
        summary: 'Who to ask about a topic, with the evidence, and the topic’s bus factor',
        description:
          'An expert directory, not a people directory. Admins may search any text across ' +
          'topics and contexts. Everyone else: `topic` must be a known topic, or a prefix of ' +
          `at least ${TOPIC_MIN_PREFIX} characters of exactly one; the window covers at least ` +
          `${EXPERTS_MIN_WINDOW_DAYS} days; experts come with name and team only (an id only ` +
          'for people the token may open), never accounts or addresses; people outside the org ' +
          'chart stay unnamed. Every look-up is written to the audit log.',
        tags: ['reports'],
        querystring: Type.Object({
          ...reportQueryProperties,
          topic: Type.String({
            minLength: 1,
            maxLength: 200,
            description: 'a topic (admins: or text to search topics and contexts for)',
          }),
        }),
        response: { 200: ExpertsSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { viewer } = request;
      const { topic, ...rest } = reportQuery(request.query);
      let search = topic ?? '';
      if (viewer.role !== 'admin') {
        search = await resolveTopic(search);
        const window = await app.analytics.quick.window(rest);
        const days = (Date.parse(window.to) - Date.parse(window.from)) / 86_400_000;
        if (days < EXPERTS_MIN_WINDOW_DAYS) {
          throw Object.assign(
            new BadRequestError(
              `the window covers ${Math.round(days * 10) / 10} days; experts need at least ${EXPERTS_MIN_WINDOW_DAYS}`,
            ),
            { field: 'from' },
          );
        }
      }
      app.audit.write({
        tokenId: viewer.tokenId,
        role: viewer.role,
        viewer: viewer.person,
        action: 'look up experts',
        subject: null,
        detail: auditDetail('/api/v1/experts', { ...request.query, topic: search }),
      });
      const report = await app.analytics.report('experts', { ...rest, search }, viewer);
      return presentExperts(report, await app.viewers.audience(viewer));
    },
  );
};

export default experts;
