use super::*;

fn decode(manifest: SchemaVersion, text: &str) -> Result<VersionedChunk, CodecError> {
    VersionedChunk::decode_units(manifest, &text.encode_utf16().collect::<Vec<u16>>())
}

/// The demo's records as every version before 7 can hold them: interactions without
/// the day they happened on.
fn sample_records() -> ChunkRecords {
    let ledger = crate::domain::sample::generate(
        7,
        crate::domain::sample::SampleSize::DEMO,
        crate::domain::Timestamp::from_millis(1_790_000_000_000),
    );
    let mut records = ChunkRecords {
        contacts: ledger.contacts().cloned().collect(),
        interactions: ledger.interactions().cloned().collect(),
        promises: ledger.promises().cloned().collect(),
        tombstones: Vec::new(),
    };
    for interaction in &mut records.interactions {
        interaction.details.day = None;
    }
    records
}

#[test]
fn the_current_version_is_accepted() {
    assert_eq!(
        SchemaVersion::check(Some(u64::from(SCHEMA_VERSION))),
        Ok(SchemaVersion::LATEST)
    );
    assert_eq!(SchemaVersion::LATEST.number(), SCHEMA_VERSION);
}

#[test]
fn every_version_follows_the_one_before_up_to_the_latest() {
    let mut numbers = Vec::new();
    let mut version = Some(SchemaVersion::OLDEST);
    while let Some(current) = version {
        numbers.push(current.number());
        assert_eq!(
            SchemaVersion::check(Some(u64::from(current.number()))),
            Ok(current)
        );
        version = current.next();
    }
    assert_eq!(numbers, (1..=SCHEMA_VERSION).collect::<Vec<u32>>());
}

#[test]
fn newer_versions_are_refused_plainly() {
    let error = SchemaVersion::check(Some(10)).expect_err("newer");
    assert_eq!(error, SchemaError::Newer(10));
    assert_eq!(
        error.to_string(),
        "This data was saved by a newer version of Rapport (version 10); this copy \
         understands up to version 9. Update the page and try again."
    );
    assert!(SchemaVersion::check(Some(u64::MAX)).is_err());
}

#[test]
fn missing_or_zero_versions_are_refused() {
    assert_eq!(SchemaVersion::check(None), Err(SchemaError::Missing));
    assert_eq!(SchemaVersion::check(Some(0)), Err(SchemaError::Missing));
}

#[test]
fn the_probe_reads_only_the_version() {
    let probe: VersionProbe =
        serde_json::from_str(r#"{"contacts": [1, {"x": null}], "schema_version": 7}"#)
            .expect("probe");
    assert_eq!(probe.schema_version, Some(7));
    let probe: VersionProbe = serde_json::from_str("{}").expect("probe");
    assert_eq!(probe.schema_version, None);
    assert!(serde_json::from_str::<VersionProbe>(r#"{"schema_version": "1"}"#).is_err());
}

#[test]
fn garbage_records_are_refused() {
    assert!(decode(SchemaVersion::V1, "garbage").is_err());
    assert!(decode(SchemaVersion::V2, "garbage").is_err());
    assert!(records_from_export(SchemaVersion::V1, br#"{"contacts": 1}"#).is_err());
}

#[test]
fn version_one_chunks_migrate_with_empty_custom_fields() {
    let mut latest = sample_records();
    for contact in &mut latest.contacts {
        contact.profile.custom_fields.clear();
        for check in &mut contact.quality_checks {
            check.relationship_type = None;
        }
    }
    for promise in &mut latest.promises {
        promise.resolved_on = None;
    }
    let old = v1::ChunkV1 {
        contacts: latest.contacts.iter().map(v1::freeze).collect(),
        interactions: latest
            .interactions
            .iter()
            .map(v4::freeze_interaction)
            .collect(),
        promises: latest.promises.iter().map(v4::freeze_promise).collect(),
    };
    let text = codec::encode_zlib(&old).expect("encode");
    let decoded = decode(SchemaVersion::V1, &text).expect("decode");
    assert_eq!(decoded.into_latest(), latest);
    // The same bytes are not a version 2 chunk: the versions really differ.
    assert!(decode(SchemaVersion::V2, &text)
        .map(|chunk| chunk.into_latest() != latest)
        .unwrap_or(true));
}

#[test]
fn version_four_chunks_migrate_with_no_relationship_type_nor_day_of_resolution() {
    let mut latest = sample_records();
    assert!(latest
        .contacts
        .iter()
        .flat_map(|contact| &contact.quality_checks)
        .any(|check| check.relationship_type.is_some()));
    for check in latest
        .contacts
        .iter_mut()
        .flat_map(|contact| &mut contact.quality_checks)
    {
        check.relationship_type = None;
    }
    assert!(latest
        .promises
        .iter()
        .any(|promise| promise.resolved_on.is_some()));
    for promise in &mut latest.promises {
        promise.resolved_on = None;
    }
    let old = v4::ChunkV4 {
        contacts: latest.contacts.iter().map(v4::freeze).collect(),
        interactions: latest
            .interactions
            .iter()
            .map(v4::freeze_interaction)
            .collect(),
        promises: latest.promises.iter().map(v4::freeze_promise).collect(),
    };
    // As version 4 wrote it: LZ4 behind the older first byte.
    let mut packed = codec::compress(&postcard::to_allocvec(&old).expect("postcard"));
    packed[0] = 0x4C;
    let text = codec::pack(&packed);
    for manifest in [SchemaVersion::V2, SchemaVersion::V4, SchemaVersion::V5] {
        let decoded = decode(manifest, &text).expect("decode");
        assert!(matches!(decoded, VersionedChunk::V4(_)), "{manifest:?}");
        assert_eq!(decoded.into_latest(), latest);
    }
    // A patch of version 4 migrates the same way.
    let patch = v4::PatchV4 {
        records: old,
        removed: vec![latest.contacts[0].id],
    };
    let mut packed = codec::compress(&postcard::to_allocvec(&patch).expect("postcard"));
    packed[0] = 0x4C;
    let units: Vec<u16> = codec::pack(&packed).encode_utf16().collect();
    let decoded = VersionedPatch::decode_units(SchemaVersion::V5, &units).expect("patch");
    assert_eq!(
        decoded.into_latest(),
        PatchRecords {
            records: latest.clone(),
            removed: vec![latest.contacts[0].id],
        }
    );
}

proptest::proptest! {
    #[test]
    fn reading_arbitrary_or_damaged_texts_never_panics(
        units in proptest::collection::vec(proptest::prelude::any::<u16>(), 0..256),
        flipped in proptest::prelude::any::<proptest::sample::Index>(),
    ) {
        let versions = [
            SchemaVersion::V1,
            SchemaVersion::V2,
            SchemaVersion::V3,
            SchemaVersion::V4,
            SchemaVersion::V5,
            SchemaVersion::V6,
            SchemaVersion::V7,
        ];
        // A real chunk with one unit changed, and arbitrary units, under every version.
        let text = codec::encode(&sample_records()).expect("encode");
        let mut damaged: Vec<u16> = text.encode_utf16().collect();
        let at = flipped.index(damaged.len());
        damaged[at] ^= 1;
        for version in versions {
            let _ = VersionedChunk::decode_units(version, &units);
            let _ = VersionedPatch::decode_units(version, &units);
            let _ = VersionedChunk::decode_units(version, &damaged);
            let _ = VersionedPatch::decode_units(version, &damaged);
        }
    }
}

/// `records` packed as version 5 wrote them: LZ4 behind version 5's first byte.
fn as_version_five<T: Serialize>(records: &T) -> String {
    let mut packed = codec::compress(&postcard::to_allocvec(records).expect("postcard"));
    packed[0] = 0x4F;
    codec::pack(&packed)
}

/// Tombstones of a contact deleted from the bucket and of an interaction and a promise
/// deleted from its first contact (kept with today's records).
fn some_tombstones(records: &ChunkRecords) -> Vec<crate::domain::Tombstone> {
    use crate::domain::{ContactId, DeletedId, InteractionId, PromiseId, Timestamp, Tombstone};
    let owner = records.contacts[0].id;
    let at = Timestamp::from_millis(1_790_100_000_000);
    vec![
        Tombstone::of_contact(ContactId::new(at, 3), at),
        Tombstone {
            record: DeletedId::Interaction(InteractionId::new(at.plus_days(-40), 4)),
            contact: owner,
            deleted_at: at.plus_days(1),
        },
        Tombstone {
            record: DeletedId::Promise(PromiseId::new(at.plus_days(-3), 5)),
            contact: ContactId::new(at, 3),
            deleted_at: at,
        },
    ]
}

#[test]
fn version_eight_chunks_name_themselves_under_any_manifest() {
    let mut latest = sample_records();
    latest.interactions[0].details.kind = crate::domain::InteractionKind::Coverage;
    latest.interactions[0].details.link = "https://news.example/story".to_owned();
    latest.interactions[1].details.day = Some(latest.interactions[1].details.at.date_utc());
    latest.tombstones = some_tombstones(&latest);
    let text = codec::encode(&latest).expect("encode");
    for manifest in [
        SchemaVersion::V4,
        SchemaVersion::V5,
        SchemaVersion::V6,
        SchemaVersion::V7,
        SchemaVersion::V8,
    ] {
        let decoded = decode(manifest, &text).expect("decode");
        assert!(matches!(decoded, VersionedChunk::V8(_)), "{manifest:?}");
        assert_eq!(decoded.into_latest(), latest);
    }
}

/// `records` (without tombstones) packed as version 7 wrote them: today's columns less the
/// tombstone columns, which postcard writes last as five empty lists (a zero byte each),
/// behind version 7's first byte.
fn as_version_seven(records: &ChunkRecords) -> String {
    assert!(records.tombstones.is_empty());
    let mut bytes = postcard::to_allocvec(records).expect("postcard");
    let tombstone_columns = bytes.split_off(bytes.len() - 5);
    assert_eq!(tombstone_columns, [0; 5]);
    let mut packed = codec::compress(&bytes);
    packed[0] = 0x63;
    codec::pack(&packed)
}

#[test]
fn version_seven_chunks_and_patches_migrate_with_no_tombstones() {
    let mut latest = sample_records();
    latest.interactions[1].details.day = Some(latest.interactions[1].details.at.date_utc());
    let text = as_version_seven(&latest);
    for manifest in [SchemaVersion::V7, SchemaVersion::V8] {
        let decoded = decode(manifest, &text).expect("decode");
        assert!(matches!(decoded, VersionedChunk::V7(_)), "{manifest:?}");
        assert_eq!(decoded.into_latest(), latest);
    }
    // A patch: its records, then the contacts it removed (one, by id).
    let mut packed = codec::inflate_units(&text.encode_utf16().collect::<Vec<u16>>())
        .expect("inflate")
        .bytes;
    packed.push(1);
    packed.extend(postcard::to_allocvec(&latest.contacts[0].id).expect("id"));
    let mut patch = codec::compress(&packed);
    patch[0] = 0x63;
    let units: Vec<u16> = codec::pack(&patch).encode_utf16().collect();
    let decoded = VersionedPatch::decode_units(SchemaVersion::V8, &units).expect("patch");
    assert!(matches!(decoded, VersionedPatch::V7(_)));
    assert_eq!(
        decoded.into_latest(),
        PatchRecords {
            records: latest.clone(),
            removed: vec![latest.contacts[0].id],
        }
    );
    // Today's texts with tombstones are not version 7's: the tombstones would be left over.
    latest.tombstones = some_tombstones(&latest);
    let today = postcard::to_allocvec(&latest).expect("postcard");
    assert!(codec::from_postcard::<v7::ChunkV7>(&today).is_err());
}

#[test]
fn a_patch_replaces_the_tombstones_of_the_contacts_it_names() {
    let mut chunk = sample_records();
    chunk.tombstones = some_tombstones(&chunk);
    let owner = chunk.contacts[0].id;
    let mut patched = chunk.clone();
    patched.apply(PatchRecords {
        records: ChunkRecords {
            contacts: vec![chunk.contacts[0].clone()],
            interactions: Vec::new(),
            promises: Vec::new(),
            tombstones: Vec::new(),
        },
        removed: Vec::new(),
    });
    assert!(patched.tombstones.iter().all(|t| t.contact != owner));
    assert_eq!(patched.tombstones.len(), chunk.tombstones.len() - 1);
}

/// `records` packed as version 6 wrote them: LZ4 behind version 6's first byte.
fn as_version_six<T: Serialize>(records: &T) -> String {
    let mut packed = codec::compress(&postcard::to_allocvec(records).expect("postcard"));
    packed[0] = 0x59;
    codec::pack(&packed)
}

#[test]
fn version_six_chunks_and_patches_migrate_with_no_day() {
    let mut latest = sample_records();
    latest.interactions[0].details.link = "https://news.example/story".to_owned();
    assert!(latest
        .interactions
        .iter()
        .all(|interaction| interaction.details.day.is_none()));
    let old = v6::freeze_records(&latest);
    let text = as_version_six(&old);
    for manifest in [SchemaVersion::V6, SchemaVersion::V7, SchemaVersion::V8] {
        let decoded = decode(manifest, &text).expect("decode");
        assert!(matches!(decoded, VersionedChunk::V6(_)), "{manifest:?}");
        assert_eq!(decoded.into_latest(), latest);
    }
    let patch = v6::PatchV6 {
        records: old,
        removed: vec![latest.contacts[0].id],
    };
    let units: Vec<u16> = as_version_six(&patch).encode_utf16().collect();
    let decoded = VersionedPatch::decode_units(SchemaVersion::V7, &units).expect("patch");
    assert!(matches!(decoded, VersionedPatch::V6(_)));
    assert_eq!(
        decoded.into_latest(),
        PatchRecords {
            records: latest.clone(),
            removed: vec![latest.contacts[0].id],
        }
    );
    // Today's records are not version 6's: they are laid out in columns.
    let today = postcard::to_allocvec(&latest).expect("postcard");
    assert!(codec::from_postcard::<v6::ChunkV6>(&today).is_err());
}

#[test]
fn version_five_chunks_and_patches_migrate_with_no_link() {
    let latest = sample_records();
    assert!(latest
        .interactions
        .iter()
        .all(|interaction| interaction.details.link.is_empty()));
    let old = v5::freeze_records(&latest);
    let text = as_version_five(&old);
    for manifest in [SchemaVersion::V5, SchemaVersion::V6] {
        let decoded = decode(manifest, &text).expect("decode");
        assert!(matches!(decoded, VersionedChunk::V5(_)), "{manifest:?}");
        assert_eq!(decoded.into_latest(), latest);
    }
    let patch = v5::PatchV5 {
        records: old,
        removed: vec![latest.contacts[0].id],
    };
    let units: Vec<u16> = as_version_five(&patch).encode_utf16().collect();
    let decoded = VersionedPatch::decode_units(SchemaVersion::V6, &units).expect("patch");
    assert!(matches!(decoded, VersionedPatch::V5(_)));
    assert_eq!(
        decoded.into_latest(),
        PatchRecords {
            records: latest.clone(),
            removed: vec![latest.contacts[0].id],
        }
    );
    // Today's records are not version 5's: the link is one field more.
    let today = postcard::to_allocvec(&latest).expect("postcard");
    assert!(codec::from_postcard::<v5::ChunkV5>(&today).is_err());
}

#[test]
fn version_five_exports_read_with_no_link() {
    let latest = sample_records();
    let expected = LedgerRecords {
        contacts: latest.contacts,
        interactions: latest.interactions,
        promises: latest.promises,
        ..LedgerRecords::default()
    };
    let mut json = serde_json::to_value(&expected).expect("json");
    for interaction in json["interactions"].as_array_mut().expect("interactions") {
        let details = interaction["details"].as_object_mut().expect("details");
        assert!(details.remove("link").is_some());
    }
    json["schema_version"] = 5.into();
    let records = records_from_export(SchemaVersion::V5, json.to_string().as_bytes()).expect("v5");
    assert_eq!(records, expected);
}

#[test]
fn version_four_exports_read_with_no_relationship_type_nor_day_of_resolution() {
    let latest = sample_records();
    let mut expected = LedgerRecords {
        contacts: latest.contacts,
        interactions: latest.interactions,
        promises: latest.promises,
        ..LedgerRecords::default()
    };
    let mut json = serde_json::to_value(&expected).expect("json");
    let mut stripped = 0;
    for contact in json["contacts"].as_array_mut().expect("contacts") {
        for check in contact["quality_checks"].as_array_mut().expect("checks") {
            let check = check.as_object_mut().expect("check");
            stripped += usize::from(check.remove("relationship_type").is_some());
        }
    }
    assert!(stripped > 0);
    for promise in json["promises"].as_array_mut().expect("promises") {
        let promise = promise.as_object_mut().expect("promise");
        promise.remove("resolved_on");
    }
    json["schema_version"] = 4.into();
    let records =
        records_from_export(SchemaVersion::V4, json.to_string().as_bytes()).expect("v4 export");
    for check in expected
        .contacts
        .iter_mut()
        .flat_map(|contact| &mut contact.quality_checks)
    {
        check.relationship_type = None;
    }
    for promise in &mut expected.promises {
        promise.resolved_on = None;
    }
    assert_eq!(records, expected);
}

#[test]
fn borrowed_records_encode_to_the_same_bytes() {
    let ledger = crate::domain::sample::generate(
        7,
        crate::domain::sample::SampleSize::DEMO,
        crate::domain::Timestamp::from_millis(1_790_000_000_000),
    );
    let mut owned = ChunkRecords {
        contacts: ledger.contacts().cloned().collect(),
        interactions: ledger.interactions().cloned().collect(),
        promises: ledger.promises().cloned().collect(),
        tombstones: Vec::new(),
    };
    owned.tombstones = some_tombstones(&owned);
    let borrowed = ChunkRecordsRef {
        contacts: ledger.contacts().collect(),
        interactions: ledger.interactions().collect(),
        promises: ledger.promises().collect(),
        tombstones: owned.tombstones.iter().collect(),
    };
    assert!(!owned.interactions.is_empty() && !owned.promises.is_empty());
    assert_eq!(
        postcard::to_allocvec(&borrowed).expect("borrowed"),
        postcard::to_allocvec(&owned).expect("owned")
    );
}

#[test]
fn version_one_chunks_from_before_the_snooze_still_read() {
    let mut latest = sample_records();
    for contact in &mut latest.contacts {
        contact.profile.custom_fields.clear();
        contact.snoozed_until = None;
        for check in &mut contact.quality_checks {
            check.relationship_type = None;
        }
    }
    for promise in &mut latest.promises {
        promise.resolved_on = None;
    }
    let unsnoozed = |contact: &Contact| {
        let frozen = v1::freeze(contact);
        v1::ContactV1Unsnoozed {
            id: frozen.id,
            profile: frozen.profile,
            journey: frozen.journey,
            plan: frozen.plan,
            quality_checks: frozen.quality_checks,
            ticks: frozen.ticks,
            created_at: frozen.created_at,
            updated_at: frozen.updated_at,
        }
    };
    let old = v1::ChunkV1Unsnoozed {
        contacts: latest.contacts.iter().map(unsnoozed).collect(),
        interactions: latest
            .interactions
            .iter()
            .map(v4::freeze_interaction)
            .collect(),
        promises: latest.promises.iter().map(v4::freeze_promise).collect(),
    };
    let text = codec::encode_zlib(&old).expect("encode");
    let decoded = decode(SchemaVersion::V1, &text).expect("decode");
    assert_eq!(decoded.into_latest(), latest);
}

#[test]
fn version_five_texts_from_before_the_day_of_resolution_still_read() {
    let mut latest = sample_records();
    for promise in &mut latest.promises {
        promise.resolved_on = None;
    }
    let old = v5::ChunkV5Unresolved {
        contacts: latest.contacts.iter().map(v5::freeze).collect(),
        interactions: latest
            .interactions
            .iter()
            .map(v4::freeze_interaction)
            .collect(),
        promises: latest.promises.iter().map(v4::freeze_promise).collect(),
    };
    let text = as_version_five(&old);
    for manifest in [SchemaVersion::V4, SchemaVersion::V5, SchemaVersion::V6] {
        let decoded = decode(manifest, &text).expect("decode");
        assert!(matches!(decoded, VersionedChunk::V5(_)), "{manifest:?}");
        assert_eq!(decoded.into_latest(), latest);
    }
    let patch = v5::PatchV5Unresolved {
        records: old,
        removed: vec![latest.contacts[0].id],
    };
    let units: Vec<u16> = as_version_five(&patch).encode_utf16().collect();
    let decoded = VersionedPatch::decode_units(SchemaVersion::V5, &units).expect("patch");
    assert_eq!(decoded.into_latest().records, latest);
}

#[test]
fn version_one_exports_read_with_empty_settings() {
    let text = r#"{"format": "rapport", "schema_version": 1, "contacts": [],
                   "interactions": [], "promises": []}"#;
    let records = records_from_export(SchemaVersion::V1, text.as_bytes()).expect("v1 export");
    assert_eq!(records, LedgerRecords::default());
}

/// What one tombstone costs stored, for docs/SCHEMA.md: a chunk of nothing but 1,000
/// tombstones of interactions, created over a year and deleted from a day to a year later.
#[test]
fn a_tombstone_takes_about_eleven_units_stored() {
    use crate::domain::{ContactId, DeletedId, InteractionId, Timestamp, Tombstone};
    let start = Timestamp::from_millis(1_790_000_000_000);
    let owner = ContactId::new(start, 1);
    let mut random = 0x9E37_79B9_7F4A_7C15_u128;
    let mut next = || {
        random = random
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        random >> 40
    };
    let mut tombstones: Vec<Tombstone> = (0..1_000)
        .map(|_| {
            let created = start.plus_days((next() % 365) as i64);
            Tombstone {
                record: DeletedId::Interaction(InteractionId::new(created, next())),
                contact: owner,
                deleted_at: Timestamp::from_millis(
                    created.plus_days(1).millis() + (next() % 31_536_000_000) as i64,
                ),
            }
        })
        .collect();
    tombstones.sort_by_key(|tombstone| tombstone.record);
    let empty = ChunkRecords::default();
    let full = ChunkRecords {
        tombstones,
        ..ChunkRecords::default()
    };
    let per_tombstone =
        |size: fn(&ChunkRecords) -> usize| (size(&full) - size(&empty)) as f64 / 1_000.0;
    let bytes = per_tombstone(|records| postcard::to_allocvec(records).expect("postcard").len());
    let units = per_tombstone(|records| {
        codec::encode(records)
            .expect("encode")
            .encode_utf16()
            .count()
    });
    eprintln!("one tombstone: {bytes:.1} bytes before packing, {units:.1} units stored");
    assert!((10.0..12.0).contains(&units), "{units} units a tombstone");
}
