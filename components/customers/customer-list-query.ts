import { listCustomersQuery, type ListCustomersQuery } from '@/lib/customers/schema';

/** The customer list's state, all of it in the URL, named as the API names it. */
export type CustomerListState = {
  search: string;
  sort: ListCustomersQuery['sort'];
  order: ListCustomersQuery['order'];
  page: number;
};

export const PER_PAGE = 25;

const query = listCustomersQuery.shape;

/** The sorts the list offers: every sort the API has, both ways. */
export const sortChoices: { value: `${CustomerListState['sort']}:${CustomerListState['order']}`; label: string }[] = [
  { value: 'created_at:desc', label: 'Newest first' },
  { value: 'created_at:asc', label: 'Oldest first' },
  { value: 'last_name:asc', label: 'Name, A to Z' },
  { value: 'last_name:desc', label: 'Name, Z to A' },
  { value: 'email:asc', label: 'Email, A to Z' },
  { value: 'email:desc', label: 'Email, Z to A' },
  { value: 'updated_at:desc', label: 'Recently updated' },
  { value: 'updated_at:asc', label: 'Least recently updated' },
];

/** Reads the URL with the API's own query schema; a value it would refuse falls back to the default. */
export function readCustomerListState(params: { get(name: string): string | null }): CustomerListState {
  const value = (name: string) => params.get(name) ?? undefined;
  const search = query.search.safeParse(value('search'));
  const sort = query.sort.safeParse(value('sort'));
  const order = query.order.safeParse(value('order'));
  const page = query.page.safeParse(value('page'));
  return {
    search: (search.success && search.data) || '',
    sort: sort.success ? sort.data : 'created_at',
    order: order.success ? order.data : 'desc',
    page: page.success ? page.data : 1,
  };
}

/** The page's query string for a state, leaving out the defaults. */
export function customerListSearch(state: CustomerListState): string {
  const params = new URLSearchParams();
  if (state.search) params.set('search', state.search);
  if (state.sort !== 'created_at') params.set('sort', state.sort);
  if (state.order !== 'desc') params.set('order', state.order);
  if (state.page > 1) params.set('page', String(state.page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The /api/v1 request for a state. */
export function customersRequest(state: CustomerListState): string {
  const params = new URLSearchParams({ sort: state.sort, order: state.order, page: String(state.page), per_page: String(PER_PAGE) });
  if (state.search) params.set('search', state.search);
  return `/customers?${params}`;
}
