//! WARC reading: never panics on any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = consilience_ingest::parse_warc("fuzz.warc", data);
});
