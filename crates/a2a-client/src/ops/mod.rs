//! The operations of [`Client`](crate::Client), grouped by what they act on. Each maps
//! one to one to an operation of spec §3.1.

mod card;
mod message;
mod push;
mod subscribe;
mod task;
