/** The bars' colour: Mantine's blue 8, which keeps a 4.5:1 contrast on white. */
export const BAR_COLOUR = '#1971c2';
