import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { recordAudit } from '../audit/audit.ts';
import { requireRole } from '../auth/guard.ts';
import { inTransaction } from '../db/transaction.ts';
import { HttpProblem } from '../plugins/errors.ts';
import { insertPartner, listPartners } from '../signals/partners.ts';
import { PartnerBodySchema, PartnerSchema, ProblemOutSchema, schemaErrorFormatter } from '../signals/schema.ts';

/*
 * GET /api/partners (every signed-in user: staff pick partners for actions and signals, a
 * partner user sees who it works with) and POST /api/partners (coordinators and admins).
 * Partners are organisations, not people: no personal data here.
 */

const partnerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.db.pool;
  app.setSchemaErrorFormatter(schemaErrorFormatter);

  app.get(
    '/api/partners',
    {
      preHandler: requireRole('planner', 'coordinator', 'admin', 'partner'),
      schema: {
        response: {
          200: Type.Object({ partners: Type.Array(PartnerSchema, { description: 'by name' }) }),
          401: ProblemOutSchema,
          403: ProblemOutSchema,
        },
      },
    },
    async () => ({ partners: await listPartners(pool) }),
  );

  app.post(
    '/api/partners',
    {
      preHandler: requireRole('coordinator', 'admin'),
      schema: {
        body: PartnerBodySchema,
        response: { 201: PartnerSchema, 400: ProblemOutSchema, 409: ProblemOutSchema },
      },
    },
    async (request, reply) => {
      const name = request.body.name.trim();
      const userId = request.user!.id;
      const contactRole = request.body.contactRole?.trim() ?? '';
      // The partner and its audit entry are kept together or not at all.
      const partner = await inTransaction(pool, async (client) => {
        const created = await insertPartner(client, { name, kind: request.body.kind, contactRole }, userId);
        if (created) {
          await recordAudit(client, {
            userId,
            action: 'partner.create',
            entity: 'partner',
            entityId: String(created.id),
            details: { name: created.name, kind: created.kind },
          });
        }
        return created;
      });
      if (!partner) {
        throw new HttpProblem(409, 'Conflict', `a partner named "${name}" exists already (names ignore case)`, 'name');
      }
      return reply.code(201).send(partner);
    },
  );
};

export default partnerRoutes;
