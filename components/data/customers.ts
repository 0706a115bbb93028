'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { createCustomerSchema, CustomerJson, updateCustomerSchema } from '@/lib/customers/schema';
import { api, type Answer } from './api';
import { useChange, type MutationCallbacks } from './mutation';
import { ticketKeys } from './tickets';

export type NewCustomer = z.input<typeof createCustomerSchema>;
export type CustomerChange = z.input<typeof updateCustomerSchema>;

/** A customer's tickets are tickets, so they sit under `ticketKeys` (a ticket change refreshes them). */
export const customerKeys = {
  all: ['customers'] as const,
  lists: () => [...customerKeys.all, 'list'] as const,
  list: (request: string) => [...customerKeys.lists(), request] as const,
  details: () => [...customerKeys.all, 'detail'] as const,
  detail: (id: number) => [...customerKeys.details(), id] as const,
};

/** A page of customers, `request` being `/customers?…`; the page shown stays while the next loads. */
export function useCustomers(request: string) {
  return useQuery({ queryKey: customerKeys.list(request), queryFn: () => api<CustomerJson[]>('GET', request), placeholderData: keepPreviousData });
}

export function useCustomer(id: number, enabled = true) {
  return useQuery({ queryKey: customerKeys.detail(id), queryFn: () => api<CustomerJson>('GET', `/customers/${id}`), enabled });
}

export function useCreateCustomer(callbacks?: MutationCallbacks<Answer<CustomerJson>, NewCustomer>) {
  return useChange(
    {
      mutationFn: (customer: NewCustomer) => api<CustomerJson>('POST', '/customers', customer),
      refresh: async (queryClient, { data }) => {
        queryClient.setQueryData(customerKeys.detail(data.id), { data });
        await queryClient.invalidateQueries({ queryKey: customerKeys.lists() });
      },
    },
    callbacks,
  );
}

export function useUpdateCustomer(callbacks?: MutationCallbacks<Answer<CustomerJson>, { id: number; change: CustomerChange }>) {
  return useChange(
    {
      mutationFn: ({ id, change }: { id: number; change: CustomerChange }) => api<CustomerJson>('PUT', `/customers/${id}`, change),
      refresh: async (queryClient, { data }) => {
        queryClient.setQueryData(customerKeys.detail(data.id), { data });
        // Ticket lists and views show the customer's name and email.
        await Promise.all([queryClient.invalidateQueries({ queryKey: customerKeys.lists() }), queryClient.invalidateQueries({ queryKey: ticketKeys.all })]);
      },
    },
    callbacks,
  );
}

/** Customers whose name or email matches `term`, for the requester picker; nothing is asked for a blank term. */
export function useCustomerMatches(term: string) {
  const request = `/customers?search=${encodeURIComponent(term)}&per_page=8&sort=last_name&order=asc`;
  return useQuery({
    queryKey: customerKeys.list(request),
    queryFn: () => api<CustomerJson[]>('GET', request),
    enabled: term !== '',
    placeholderData: keepPreviousData,
    select: (answer) => answer.data,
  });
}
