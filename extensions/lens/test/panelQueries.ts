// How the panel tests read a rendered panel as a person does: a table's rows as the texts of their
// cells, a filter by its label, a tab by its title.
import { fireEvent, screen, within } from '@testing-library/react';

/** The rows of the tables with this class, each as the text of its cells. */
export function tableRows(tableClass: string, root: ParentNode = document): string[][] {
  return [...root.querySelectorAll(`.${tableClass} .TableRow`)].map((row) =>
    [...row.querySelectorAll('.TableCell')].map((cell) => cell.textContent ?? ''),
  );
}

/** The headings of a table with this class. */
export function tableHeadings(tableClass: string, root: ParentNode = document): string[] {
  const head = root.querySelector(`.${tableClass} .TableHead`);
  return head ? [...head.querySelectorAll('.TableCell')].map((cell) => cell.textContent ?? '') : [];
}

/** Chooses an option of the filter labelled `label` by its text, as a person picks it. */
export function choose(label: string, optionText: string): void {
  const select = screen.getByLabelText(label) as HTMLSelectElement;
  const option = within(select).getByText(optionText) as HTMLOptionElement;
  fireEvent.change(select, { target: { value: option.value } });
}

/** Clicks the tab whose title starts with `title`. */
export function openTab(title: string): void {
  fireEvent.click(screen.getByRole('tab', { name: new RegExp(`^${title}`) }));
}

/** Types into the search field labelled `label`. */
export function search(label: string, text: string): void {
  fireEvent.change(screen.getByLabelText(label), { target: { value: text } });
}
