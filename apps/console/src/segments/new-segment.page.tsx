import { useMutation } from '@apollo/client/react';
import { Stack, Title } from '@mantine/core';
import { useNavigate } from 'react-router';
import { graphql } from '../gql';
import { SegmentForm } from './segment-form';

const CREATE = graphql(`
  mutation CreateSegment($input: CreateSegmentInput!) {
    createSegment(input: $input) {
      id
    }
  }
`);

/** A new segment: its members are computed as it is saved. */
export default function NewSegmentPage() {
  const navigate = useNavigate();
  const [create, created] = useMutation(CREATE);
  return (
    <Stack>
      <Title order={1} size="h2">
        New segment
      </Title>
      <SegmentForm
        submitLabel="Save the segment"
        saving={created.loading}
        error={created.error}
        onCancel={() => void navigate('/segments')}
        onSave={(d) =>
          void create({ variables: { input: { name: d.name, description: d.description || null, rule: d.rule } } }).then(
            ({ data }) => data && void navigate(`/segments/${data.createSegment.id}`),
            () => undefined,
          )
        }
      />
    </Stack>
  );
}
