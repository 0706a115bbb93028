import { redirect } from 'next/navigation';

// The desk starts at the inbox; signed-out visitors are sent on to sign in from there.
export default function Home() {
  redirect('/tickets');
}
