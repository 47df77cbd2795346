//! Generators of hostile inputs, small on disk and huge, looping or deep once read: the
//! repeated part of each is compressed once and its bytes repeated (deflate blocks ended by
//! a sync flush, gzip members, zstd frames), so that a gigabyte costs milliseconds to write.

use std::io::Write;

const MIB: usize = 1 << 20;

/// A raw deflate stream of `prefix`, then `fill` repeated to `mib` MiB, then `suffix`.
/// Its checksums (which a reader checks only at the end) are not computed.
pub fn deflate(prefix: &[u8], fill: &[u8], mib: usize, suffix: &[u8]) -> Vec<u8> {
    let chunk: Vec<u8> = fill.iter().copied().cycle().take(MIB).collect();
    let mut out = sync_blocks(prefix);
    let block = sync_blocks(&chunk);
    for _ in 0..mib {
        out.extend_from_slice(&block);
    }
    out.extend(sync_blocks(suffix));
    // An empty final block (fixed Huffman codes).
    out.extend_from_slice(&[0x03, 0x00]);
    out
}

/// `data` as raw deflate blocks that end on a byte boundary and are not the last (a sync
/// flush), compressed from a fresh state: they can be put one after another.
fn sync_blocks(data: &[u8]) -> Vec<u8> {
    let mut c = flate2::Compress::new(flate2::Compression::best(), false);
    let mut out = Vec::with_capacity(data.len() + 1024);
    c.compress_vec(data, &mut out, flate2::FlushCompress::Sync)
        .unwrap();
    assert_eq!(c.total_in() as usize, data.len());
    out
}

/// A zlib stream (as PDF's FlateDecode) of [`deflate`]'s.
pub fn zlib(prefix: &[u8], fill: &[u8], mib: usize, suffix: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0xDA];
    out.extend(deflate(prefix, fill, mib, suffix));
    out.extend_from_slice(&[0, 0, 0, 1]);
    out
}

/// A `.gz` file of `fill` repeated to `mib` MiB (as many one-MiB gzip members).
pub fn gzip(fill: &[u8], mib: usize) -> Vec<u8> {
    let chunk: Vec<u8> = fill.iter().copied().cycle().take(MIB).collect();
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(&chunk).unwrap();
    e.finish().unwrap().repeat(mib)
}

/// A `.zst` file of `chunk` (one MiB or so) repeated `times` times (as many frames).
pub fn zstd(chunk: &[u8], times: usize) -> Vec<u8> {
    zstd::encode_all(chunk, 19).unwrap().repeat(times)
}

/// A member of a zip archive: its name, raw deflate data, uncompressed size and CRC-32
/// (which a reader checks only once it has read the whole member).
pub type Member<'a> = (&'a str, Vec<u8>, u32, u32);

/// A member holding `text` whole, deflated.
pub fn member<'a>(name: &'a str, text: &str) -> Member<'a> {
    let mut crc = flate2::Crc::new();
    crc.update(text.as_bytes());
    (
        name,
        deflate(text.as_bytes(), b"", 0, b""),
        text.len() as u32,
        crc.sum(),
    )
}

/// A zip archive of deflated members.
pub fn zip(members: &[Member]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data, size, crc) in members {
        let offset = out.len() as u32;
        let fields = |out: &mut Vec<u8>| {
            // Version, flags, deflate, time, date, CRC.
            out.extend_from_slice(&[20, 0, 0, 0, 8, 0, 0, 0, 0x21, 0]);
            out.extend_from_slice(&crc.to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&size.to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
        };
        out.extend_from_slice(b"PK\x03\x04");
        fields(&mut out);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(b"PK\x01\x02\x14\x00");
        fields(&mut central);
        // Comment length, disk, attributes.
        central.extend_from_slice(&[0; 10]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let at = out.len() as u32;
    let n = members.len() as u16;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// `word/document.xml` around `paragraphs` (already XML).
pub fn document_xml(paragraphs: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"w\"><w:body>{paragraphs}</w:body></w:document>"
    )
}

/// A Word document with one paragraph of `text`, its title `mib` MiB of `A`s.
pub fn docx_title_bomb(text: &str, mib: usize) -> Vec<u8> {
    let document = document_xml(&format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"));
    let head =
        b"<?xml version=\"1.0\"?><cp:coreProperties xmlns:cp=\"c\" xmlns:dc=\"d\"><dc:title>";
    let tail = b"</dc:title></cp:coreProperties>";
    let size = (head.len() + mib * MIB + tail.len()) as u32;
    zip(&[
        member("word/document.xml", &document),
        ("docProps/core.xml", deflate(head, b"A", mib, tail), size, 0),
    ])
}

/// A Word document whose text part expands to `mib` MiB of words.
pub fn docx_text_bomb(mib: usize) -> Vec<u8> {
    let head = b"<?xml version=\"1.0\"?><w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>";
    let tail = b"</w:t></w:r></w:p></w:body></w:document>";
    let size = (head.len() + mib * MIB + tail.len()) as u32;
    zip(&[(
        "word/document.xml",
        deflate(head, b"all work and no play ", mib, tail),
        size,
        0,
    )])
}

/// A PDF of `objects` (numbered from 1; the first is the catalog), each the bytes between
/// `N 0 obj` and `endobj`.
pub fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

/// A stream object: its dictionary's entries and its (raw) data.
pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

fn obj(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

const FONT: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
const PAGE: &str = "/Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]";

/// A PDF with one page of `text`.
pub fn pdf_good(text: &str) -> Vec<u8> {
    let content = format!("BT /F1 12 Tf 72 700 Td ({text}) Tj ET");
    pdf(&[
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj(&format!(
            "<< {PAGE} /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
        )),
        stream("", content.as_bytes()),
        obj(FONT),
    ])
}

/// A PDF whose page draws a form that draws itself (844 bytes in the issue).
pub fn pdf_self_drawing() -> Vec<u8> {
    pdf(&[
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj(&format!(
            "<< {PAGE} /Resources << /XObject << /X1 5 0 R >> /Font << /F1 6 0 R >> >> /Contents 4 0 R >>"
        )),
        stream("", b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET /X1 Do"),
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /X1 5 0 R >> >>",
            b"/X1 Do",
        ),
        obj(FONT),
    ])
}

/// A PDF whose page's `/Parent` leads to a page tree node whose `/Parent` is the page.
pub fn pdf_parent_loop() -> Vec<u8> {
    pdf(&[
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >>"),
        obj("<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"),
        stream("", b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET"),
    ])
}

/// A PDF whose page's content stream inflates to `mib` MiB.
pub fn pdf_stream_bomb(mib: usize) -> Vec<u8> {
    let data = zlib(b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET\n", b" ", mib, b"");
    pdf(&[
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj(&format!(
            "<< {PAGE} /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
        )),
        stream("/Filter /FlateDecode", &data),
        obj(FONT),
    ])
}

/// An HTML page `depth` `<div>`s deep.
pub fn html_deep(depth: usize) -> String {
    format!(
        "<html><head><title>Deep page</title></head><body>{}<p>Deep harbour text.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    )
}

/// A PDF whose page draws a form that draws the next `fan` times, `levels` deep: little
/// to read, `fan` to the power `levels` forms to draw (a "billion laughs" of PDF).
pub fn pdf_fan_out(levels: usize, fan: usize) -> Vec<u8> {
    let mut objects = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj(&format!(
            "<< {PAGE} /Resources << /XObject << /X 5 0 R >> /Font << /F1 4 0 R >> >> /Contents {} 0 R >>",
            5 + levels
        )),
        obj(FONT),
    ];
    for level in 0..levels {
        let next = 5 + level + 1;
        let (resources, draw) = if level + 1 < levels {
            (
                format!("/Resources << /XObject << /X {next} 0 R >> /Font << /F1 4 0 R >> >>"),
                "/X Do ".repeat(fan),
            )
        } else {
            (
                "/Resources << /Font << /F1 4 0 R >> >>".to_string(),
                "BT /F1 12 Tf 72 700 Td (ha) Tj ET".to_string(),
            )
        };
        objects.push(stream(
            &format!("/Type /XObject /Subtype /Form /BBox [0 0 612 792] {resources}"),
            draw.as_bytes(),
        ));
    }
    objects.push(stream("", b"/X Do"));
    pdf(&objects)
}
