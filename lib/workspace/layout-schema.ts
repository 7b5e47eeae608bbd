import * as z from 'zod/mini';
import { ROUTING_TABS } from './layout';

const size = z.number().check(z.int(), z.minimum(0), z.maximum(100_000));

/** The shape of {@link import('./layout').WorkspaceLayout} in a workspace file; values are clamped after parsing. */
export const layoutSchema = z.object({
  controls: z.object({ open: z.boolean(), width: size }),
  routing: z.object({
    open: z.boolean(),
    size,
    tab: z.enum(ROUTING_TABS as ['delivery', 'topology', 'graph']),
  }),
  maximised: z.nullable(z.string().check(z.maxLength(200))),
  collapsed: z.array(z.string().check(z.maxLength(200))).check(z.maxLength(1000)),
  columnWeights: z.array(z.number().check(z.minimum(0), z.maximum(1))).check(z.maxLength(8)),
});
