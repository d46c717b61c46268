import { useTestSubgraph } from '@crm/subgraph-testing';
import { salesSubgraph } from '../src/sales.subgraph';
import { dealsApi, MISSING_ID } from './deals.test-helper';

interface Stage {
  name: string;
  position: number;
  probability: number;
  forecastCategory: string;
  outcome: string;
}
interface PipelineShape {
  id: string;
  name: string;
  stages: Stage[];
}

const PIPELINE = 'id name stages { name position probability forecastCategory outcome }';
const stages = [
  { name: 'Discovery', probability: 10, forecastCategory: 'PIPELINE' },
  { name: 'Signed', probability: 100, forecastCategory: 'CLOSED', outcome: 'WON' },
  { name: 'Evaluation', probability: 40, forecastCategory: 'BEST_CASE' },
  { name: 'Dropped', probability: 0, forecastCategory: 'OMITTED', outcome: 'LOST' },
];

describe('pipelines', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const api = dealsApi(() => sales);
  const createPipeline = (input: Record<string, unknown>) =>
    sales.gql<{ createPipeline: PipelineShape }>(`mutation($i: CreatePipelineInput!) { createPipeline(input: $i) { ${PIPELINE} } }`, {
      i: input,
    });

  it('seeds New business and Renewals, with ordered stages, probabilities and forecast categories', async () => {
    const { pipelines } = await api.ok<{ pipelines: PipelineShape[] }>(`{ pipelines { ${PIPELINE} } }`);
    expect(pipelines.map((p) => p.name)).toEqual(['New business', 'Renewals']);
    expect(pipelines[0]!.stages.map((s) => `${s.position}:${s.name}:${s.probability}:${s.forecastCategory}:${s.outcome}`)).toEqual([
      '0:Prospecting:10:PIPELINE:OPEN',
      '1:Qualification:20:PIPELINE:OPEN',
      '2:Proposal:50:BEST_CASE:OPEN',
      '3:Negotiation:80:COMMIT:OPEN',
      '4:Closed won:100:CLOSED:WON',
      '5:Closed lost:0:OMITTED:LOST',
    ]);
  });

  it('creates a pipeline with its stages, closing stages last, and adds an open stage before them', async () => {
    const created = (await createPipeline({ name: 'Partner deals', stages })).data!.createPipeline;
    expect(created.stages.map((s) => s.name)).toEqual(['Discovery', 'Evaluation', 'Signed', 'Dropped']);
    const added = await api.ok<{ addPipelineStage: PipelineShape }>(
      `mutation($i: AddPipelineStageInput!) { addPipelineStage(input: $i) { ${PIPELINE} } }`,
      { i: { pipelineId: created.id, name: 'Contracting', probability: 90, forecastCategory: 'COMMIT' } },
    );
    expect(added.addPipelineStage.stages.map((s) => `${s.position}:${s.name}`)).toEqual([
      '0:Discovery',
      '1:Evaluation',
      '2:Contracting',
      '3:Signed',
      '4:Dropped',
    ]);
    const read = await api.ok<{ pipeline: PipelineShape }>(`query($id: ID!) { pipeline(id: $id) { ${PIPELINE} } }`, { id: created.id });
    expect(read.pipeline).toEqual(added.addPipelineStage);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'no WON stage',
      {
        name: 'P1',
        stages: stages.filter((s) => s.outcome !== 'WON').concat([{ name: 'X', probability: 5, forecastCategory: 'PIPELINE' }]),
      },
      'stages',
    ],
    [
      'a WON stage that does not forecast as CLOSED',
      { name: 'P2', stages: stages.map((s) => (s.outcome === 'WON' ? { ...s, forecastCategory: 'COMMIT' } : s)) },
      'stages.1.forecastCategory',
    ],
    [
      'a probability over 100',
      { name: 'P3', stages: stages.map((s, i) => (i === 0 ? { ...s, probability: 101 } : s)) },
      'stages.0.probability',
    ],
    ['a name already taken', { name: 'New business', stages }, 'name'],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_case, input, field) => {
    const before = await api.footprint(['pipeline', 'pipeline_stage']);
    const res = await createPipeline(input);
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(await api.footprint(['pipeline', 'pipeline_stage'])).toEqual(before);
  });

  it('answers NOT_FOUND when adding a stage to an unknown pipeline, and null for an unknown id', async () => {
    const res = await sales.gql('mutation($i: AddPipelineStageInput!) { addPipelineStage(input: $i) { id } }', {
      i: { pipelineId: MISSING_ID, name: 'X', probability: 5, forecastCategory: 'PIPELINE' },
    });
    expect(res.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND' });
    expect((await sales.gql('query($id: ID!) { pipeline(id: $id) { id } }', { id: MISSING_ID })).data).toEqual({ pipeline: null });
  });
});
