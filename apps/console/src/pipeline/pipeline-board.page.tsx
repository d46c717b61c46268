import { useMutation, useQuery } from '@apollo/client/react';
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import { ActionIcon, Alert, Anchor, Badge, Card, Group, Loader, ScrollArea, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { formatDate, money } from '../format/format';
import { graphql } from '../gql';
import type { PipelineBoardQuery } from '../gql/graphql';
import { ErrorNotice } from '../graphql/error-notice';
import { describe, graphqlErrors } from '../graphql/errors';

const PIPELINES = graphql(`
  query Pipelines {
    pipelines {
      id
      name
      stages {
        id
        name
        position
        outcome
        probability
      }
    }
  }
`);

const BOARD = graphql(`
  query PipelineBoard($pipelineId: ID!, $first: Int!) {
    opportunities(first: $first, filter: { pipelineId: $pipelineId, status: OPEN }, sort: CLOSE_DATE_ASC) {
      totalCount
      edges {
        node {
          id
          name
          stageId
          closeDate
          amount {
            amount
            currency
          }
          customer {
            id
            name
          }
        }
      }
    }
  }
`);

const CHANGE_STAGE = graphql(`
  mutation ChangeOpportunityStage($input: ChangeOpportunityStageInput!) {
    changeOpportunityStage(input: $input) {
      __typename
      id
      stageId
      stage {
        # Named, so the optimistic answer below is normalised like the server's.
        __typename
        id
        name
      }
    }
  }
`);

type Deal = PipelineBoardQuery['opportunities']['edges'][number]['node'];

function DealCard({ deal }: { deal: Deal }) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: deal.id, data: { stageId: deal.stageId } });
  // The card holds a link, so the drag starts from a handle of its own (one control inside another is no control at all).
  return (
    <Card
      ref={setNodeRef}
      withBorder
      padding="sm"
      data-testid={`deal-${deal.id}`}
      style={{ transform: transform ? `translate3d(${transform.x}px, ${transform.y}px, 0)` : undefined, opacity: isDragging ? 0.7 : 1 }}
    >
      <Group justify="space-between" wrap="nowrap" gap={4}>
        <Anchor component={Link} to={`/opportunities/${deal.id}`} fw={500} size="sm">
          {deal.name}
        </Anchor>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={`Move ${deal.name}`}
          data-testid={`drag-${deal.id}`}
          style={{ cursor: 'grab', touchAction: 'none' }}
          {...attributes}
          {...listeners}
        >
          <svg aria-hidden="true" width="14" height="14" viewBox="0 0 14 14" fill="currentColor">
            {[3, 7, 11].flatMap((y) => [4, 10].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r="1.3" />))}
          </svg>
        </ActionIcon>
      </Group>
      <Text size="xs" c="dimmed">
        {deal.customer?.name ?? '—'}
      </Text>
      <Group justify="space-between">
        <Text size="sm">{money(deal.amount)}</Text>
        <Text size="xs" c="dimmed">
          {formatDate(deal.closeDate)}
        </Text>
      </Group>
    </Card>
  );
}

function StageColumn({ stage, deals }: { stage: { id: string; name: string; probability: number }; deals: Deal[] }) {
  const { setNodeRef, isOver } = useDroppable({ id: stage.id });
  return (
    <Card
      ref={setNodeRef}
      withBorder
      component="section"
      aria-label={`Stage ${stage.name}`}
      data-testid={`stage-${stage.id}`}
      bg={isOver ? 'blue.0' : 'gray.0'}
      w={210}
      miw={210}
      mih={400}
    >
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h5">
          {stage.name}
        </Title>
        <Badge variant="light">{deals.length}</Badge>
      </Group>
      <Stack gap="xs">
        {deals.map((d) => (
          <DealCard key={d.id} deal={d} />
        ))}
      </Stack>
    </Card>
  );
}

/**
 * A kanban per pipeline. Dropping a card moves the deal through the API at once (an optimistic
 * answer moves the card before the server replies); a refusal rolls the card back and says why.
 */
export default function PipelineBoardPage() {
  const { pipelineId } = useParams();
  const navigate = useNavigate();
  const pipelines = useQuery(PIPELINES);
  const current = pipelines.data?.pipelines.find((p) => p.id === pipelineId) ?? pipelines.data?.pipelines[0];
  const board = useQuery(BOARD, { variables: { pipelineId: current?.id ?? '', first: 100 }, skip: !current });
  const [changeStage] = useMutation(CHANGE_STAGE);
  const [refusal, setRefusal] = useState<string | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor));

  if (pipelines.loading) return <Loader role="progressbar" aria-label="Loading pipelines" />;
  if (!current) return <ErrorNotice error={pipelines.error} domain={{ domain: 'sales', access: 'read' }} />;
  const deals = board.data?.opportunities.edges.map((e) => e.node) ?? [];

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const deal = deals.find((d) => d.id === active.id);
    const stage = current.stages.find((s) => s.id === over?.id);
    if (!deal || !stage || stage.id === deal.stageId) return;
    setRefusal(null);
    changeStage({
      variables: { input: { id: deal.id, stageId: stage.id } },
      optimisticResponse: {
        changeOpportunityStage: {
          __typename: 'Opportunity',
          id: deal.id,
          stageId: stage.id,
          stage: { __typename: 'PipelineStage', id: stage.id, name: stage.name },
        },
      },
    }).catch((e: unknown) => {
      // Apollo drops the optimistic answer on error, which puts the card back where it was.
      const why = graphqlErrors(e).map((err) => describe(err, { domain: 'sales', access: 'write' }));
      setRefusal(`“${deal.name}” could not move to ${stage.name}: ${why.join(' ')}`);
    });
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Pipeline
        </Title>
        <Select
          label="Pipeline"
          data={pipelines.data!.pipelines.map((p) => ({ value: p.id, label: p.name }))}
          value={current.id}
          onChange={(id) => id && void navigate(`/pipeline/${id}`)}
          allowDeselect={false}
        />
      </Group>
      {refusal && (
        <Alert color="red" role="alert" title="Move refused" withCloseButton onClose={() => setRefusal(null)}>
          {refusal}
        </Alert>
      )}
      <ErrorNotice error={board.error} domain={{ domain: 'sales', access: 'read' }} />
      {board.data && board.data.opportunities.totalCount > deals.length && (
        <Text size="sm" c="dimmed">
          Showing the {deals.length} deals closing soonest of {board.data.opportunities.totalCount}.
        </Text>
      )}
      <DndContext sensors={sensors} onDragEnd={onDragEnd}>
        <ScrollArea>
          <Group align="start" wrap="nowrap">
            {current.stages.map((stage) => (
              <StageColumn key={stage.id} stage={stage} deals={deals.filter((d) => d.stageId === stage.id)} />
            ))}
          </Group>
        </ScrollArea>
      </DndContext>
    </Stack>
  );
}
