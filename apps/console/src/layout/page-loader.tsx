import { Center, Loader } from '@mantine/core';

export function PageLoader() {
  return (
    <Center p="xl">
      <Loader role="progressbar" aria-label="Loading" />
    </Center>
  );
}
