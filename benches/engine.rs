//! Native benchmarks on the seeded heavy ledger (5,000 contacts, 50,000 interactions):
//! the storage codec per megabyte (encode, compress, pack and back), a whole save and load
//! through the engine, and the playbook, Today, statistics and search over every contact
//! and interaction.
//!
//! ```text
//! cargo bench --bench engine
//! ```
//!
//! Figures are printed by criterion; nothing asserts on time.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

use rapport::domain::evidence::Evidence;
use rapport::domain::playbook::assess;
use rapport::domain::sample::{generate, SampleSize};
use rapport::domain::search::{
    find_indexed, mentions, ContactQuery, InteractionIndex, SearchIndex,
};
use rapport::domain::stats::insights;
use rapport::domain::today::agenda;
use rapport::domain::{ContactId, ContactKind, ContactProfile, Ledger, Now, Stage, Timestamp};
use rapport::storage::codec::{compress, decompress, pack, unpack_units};
use rapport::storage::schema::ChunkRecords;
use rapport::storage::{Engine, MemoryStore};

/// 2026-11-22T00:00:00Z, the "now" every figure is taken at.
const NOW: Timestamp = Timestamp::from_millis(1_795_305_600_000);

fn heavy() -> Ledger {
    generate(7, SampleSize::HEAVY, NOW)
}

fn whole_ledger_records(ledger: &Ledger) -> ChunkRecords {
    ChunkRecords {
        contacts: ledger.contacts().cloned().collect(),
        interactions: ledger.interactions().cloned().collect(),
        promises: ledger.promises().cloned().collect(),
        tombstones: ledger.tombstones().copied().collect(),
    }
}

fn codec(c: &mut Criterion) {
    let ledger = heavy();
    let records = whole_ledger_records(&ledger);
    let bytes = postcard::to_allocvec(&records).expect("encode");
    let compressed = compress(&bytes);
    let packed = pack(&compressed);
    let mut group = c.benchmark_group("codec");
    group.sample_size(10);
    // Throughput per megabyte of postcard bytes, the uncompressed stored form.
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("encode (postcard)", |b| {
        b.iter(|| postcard::to_allocvec(black_box(&records)))
    });
    group.bench_function("compress (LZ4)", |b| b.iter(|| compress(black_box(&bytes))));
    group.bench_function("pack (15 bits per unit)", |b| {
        b.iter(|| pack(black_box(&compressed)))
    });
    let packed_units: Vec<u16> = packed.encode_utf16().collect();
    group.bench_function(
        "unpack (UTF-16 units, as localStorage hands them over)",
        |b| b.iter(|| unpack_units(black_box(&packed_units))),
    );
    group.bench_function("decompress (LZ4)", |b| {
        b.iter(|| decompress(black_box(&compressed)))
    });
    group.bench_function("decode (postcard)", |b| {
        b.iter(|| postcard::from_bytes::<ChunkRecords>(black_box(&bytes)))
    });
    group.finish();
}

fn engine(c: &mut Criterion) {
    let ledger = heavy();
    let mut saved = Engine::new(MemoryStore::new());
    saved.save(&mut ledger.clone()).expect("save");
    let store = saved.store().clone();
    let mut group = c.benchmark_group("engine");
    group.sample_size(10);
    group.bench_function("save the whole heavy ledger", |b| {
        b.iter(|| {
            let mut engine = Engine::new(MemoryStore::new());
            engine.save(&mut ledger.clone()).expect("save")
        })
    });
    group.bench_function("load the whole heavy ledger", |b| {
        b.iter(|| Engine::new(store.clone()).load().expect("load"))
    });
    let mut empty = Ledger::new();
    let lonely = empty
        .add_contact(
            ContactId::new(NOW, 1),
            ContactProfile::named("Only contact", ContactKind::Person),
            Stage::Connection,
            NOW,
        )
        .expect("add");
    for (name, mut ledger, contact) in [
        (
            "one edit saved, heavy ledger",
            ledger.clone(),
            first_contact(&ledger),
        ),
        ("one edit saved, one-contact ledger", empty, lonely),
    ] {
        let mut engine = Engine::new(MemoryStore::new());
        engine.save(&mut ledger).expect("save");
        let mut edits = 0_u64;
        group.bench_function(name, |b| {
            b.iter(|| {
                edits += 1;
                let mut profile = ledger.contact(contact).expect("contact").profile.clone();
                profile.notes = format!("Edit number {edits}");
                ledger.update_profile(contact, profile, NOW).expect("edit");
                engine.save(&mut ledger).expect("save")
            })
        });
    }
    group.finish();
}

fn first_contact(ledger: &Ledger) -> ContactId {
    ledger.contacts().next().expect("a contact").id
}

fn domain(c: &mut Criterion) {
    let ledger = heavy();
    let now = Now::utc(NOW);
    let mut group = c.benchmark_group("domain over 5,000 contacts and 50,000 interactions");
    group.sample_size(10);
    group.bench_function("playbook: assess every contact", |b| {
        b.iter(|| {
            ledger
                .contacts()
                .filter_map(|contact| Evidence::gather(&ledger, contact.id, now))
                .map(|evidence| assess(&evidence).completion().0)
                .sum::<usize>()
        })
    });
    group.bench_function("today: the agenda", |b| b.iter(|| agenda(&ledger, now)));
    group.bench_function("insights: every statistic", |b| {
        b.iter(|| insights(&ledger, now))
    });
    group.bench_function("search: build the index", |b| {
        b.iter(|| SearchIndex::build(&ledger))
    });
    let index = SearchIndex::build(&ledger);
    let query = ContactQuery {
        text: "tech".into(),
        ..ContactQuery::default()
    };
    group.bench_function("search: one keystroke with the index", |b| {
        b.iter(|| find_indexed(&ledger, &index, black_box(&query), now))
    });
    group.bench_function("interactions: build their search index", |b| {
        b.iter(|| InteractionIndex::build(&ledger))
    });
    let interactions = InteractionIndex::build(&ledger);
    let topic = ContactQuery {
        text: "coffee chat".into(),
        ..ContactQuery::default()
    };
    group.bench_function("interactions: search every one", |b| {
        b.iter(|| mentions(&ledger, &interactions, black_box(&topic), now, 20))
    });
    group.finish();
}

criterion_group!(benches, codec, engine, domain);
criterion_main!(benches);
