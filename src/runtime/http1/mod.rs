//! HTTP/1.x, by hand: the client-facing connection loop (`server`), the wire format both
//! sides share (`wire`), pooled backend connections (`upstream`), and the bridge to gRPC
//! backends (`grpc`).

mod grpc;
pub mod server;
pub mod upstream;
pub mod wire;
