//! The saga pattern sample ("The Saga Step Function" of cdk-patterns, after Yan Cui, which
//! AWS's saga guidance points to): reserve a hotel and a flight, take the payment, confirm
//! both bookings; when a step fails, undo what was done (refund, cancel the flight, cancel
//! the hotel) and fail. Shows typed errors (`#[derive(TaskError)]`), `match task() { Ok,
//! Err }` as a Catch, retries with backoff and full jitter, and run-once loops to share the
//! compensation steps the way the sample's Catches share them.

#![allow(clippy::while_let_loop)] // the run-once `loop { match … { Err(_) => break } … }` blocks are the saga's structure, not a `while let`

use asl::prelude::*;

/// The execution input: one trip.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Trip {
    pub trip_id: String,
    pub depart_city: String,
    pub depart_time: String,
    pub arrive_city: String,
    pub arrive_time: String,
    pub rental: String,
    pub rental_from: String,
    pub rental_to: String,
    pub run_type: String,
}

/// What every booking Lambda answers.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct BookingResult {
    pub status: String,
}

/// How a booking step fails. A busy service is worth retrying; anything else is a failure
/// to compensate.
#[derive(TaskError, Debug, Clone)]
pub enum BookingError {
    #[error(name = "BookingServiceBusy")]
    Busy,
    #[error(all)]
    Failed(ErrorInfo),
}

// The reservations and confirmations are retried on `Busy` with exponential backoff and full
// jitter (many sagas retrying the same service at once would otherwise retry in step).
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:reserveHotel")]
#[retry(errors = [BookingError::Busy], interval = 1s, max_attempts = 3, backoff = 2.0, max_delay = 10s, jitter = full)]
pub fn reserve_hotel(trip: Trip) -> Result<BookingResult, BookingError>;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:reserveFlight")]
#[retry(errors = [BookingError::Busy], interval = 1s, max_attempts = 3, backoff = 2.0, max_delay = 10s, jitter = full)]
pub fn reserve_flight(trip: Trip) -> Result<BookingResult, BookingError>;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:takePayment")]
#[retry(errors = [BookingError::Busy], interval = 1s, max_attempts = 3, backoff = 2.0, max_delay = 10s, jitter = full)]
pub fn take_payment(trip: Trip) -> Result<BookingResult, BookingError>;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:confirmHotel")]
#[retry(errors = [BookingError::Busy], interval = 1s, max_attempts = 3, backoff = 2.0, max_delay = 10s, jitter = full)]
pub fn confirm_hotel(trip: Trip) -> Result<BookingResult, BookingError>;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:confirmFlight")]
#[retry(errors = [BookingError::Busy], interval = 1s, max_attempts = 3, backoff = 2.0, max_delay = 10s, jitter = full)]
pub fn confirm_flight(trip: Trip) -> Result<BookingResult, BookingError>;

// Compensations must happen: every error is retried (the sample's 3 attempts).
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:refundPayment")]
#[retry(errors = ["States.ALL"], max_attempts = 3)]
pub fn refund_payment(trip: Trip) -> BookingResult;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:cancelFlight")]
#[retry(errors = ["States.ALL"], max_attempts = 3)]
pub fn cancel_flight(trip: Trip) -> BookingResult;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:cancelHotel")]
#[retry(errors = ["States.ALL"], max_attempts = 3)]
pub fn cancel_hotel(trip: Trip) -> BookingResult;

#[workflow(
    name = "travel-saga",
    comment = "A saga: book a trip, or undo every step that was done."
)]
pub fn travel_saga(trip: Trip) -> BookingResult {
    // Each `loop { …; break }` runs once: it is a block that a failed step leaves early
    // (`break`), to run the compensation after it and every one after that. Workflows have
    // no labeled blocks yet; this is the same control flow.
    loop {
        #[state(name = "ReserveHotel")]
        match reserve_hotel(trip.clone()) {
            Ok(_) => {}
            Err(_) => break,
        }
        loop {
            #[state(name = "ReserveFlight")]
            match reserve_flight(trip.clone()) {
                Ok(_) => {}
                Err(_) => break,
            }
            loop {
                #[state(name = "TakePayment")]
                match take_payment(trip.clone()) {
                    Ok(_) => {}
                    Err(_) => break,
                }
                #[state(name = "ConfirmHotelBooking")]
                match confirm_hotel(trip.clone()) {
                    Ok(_) => {}
                    Err(_) => break,
                }
                #[state(name = "ConfirmFlight")]
                match confirm_flight(trip.clone()) {
                    Ok(confirmed) => return confirmed,
                    Err(_) => break,
                }
            }
            #[state(name = "RefundPayment")]
            refund_payment(trip.clone());
            break;
        }
        #[state(name = "CancelFlightReservation")]
        cancel_flight(trip.clone());
        break;
    }
    #[state(name = "CancelHotelReservation")]
    cancel_hotel(trip);
    fail!("BookingFailed", "Sorry, We Couldn't make the booking")
}
