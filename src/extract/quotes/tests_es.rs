//! Unit tests of Spanish quotations and their speakers (inline text written for the tests).

use super::*;

/// (speaker, text) of every quotation part of a Spanish `body`.
fn es(body: &str) -> Vec<(String, String)> {
    extract_quotes_in(body, "es")
        .into_iter()
        .map(|q| (q.speaker, q.text))
        .collect()
}

fn speakers_of(body: &str) -> Vec<String> {
    es(body).into_iter().map(|(s, _)| s).collect()
}

#[test]
fn guillemets_with_the_verb_after() {
    let body = "La presidenta Claudia Sheinbaum respondió el sábado a la oferta.\n\n\
                «La soberanía no se vende», dijo Sheinbaum.";
    assert_eq!(
        es(body),
        vec![(
            "Claudia Sheinbaum".into(),
            "La soberanía no se vende".into()
        )]
    );
}

#[test]
fn curly_straight_and_single_marks() {
    let body = "El canciller Marcelo Ebrard viajó a Washington.\n\n\
                “Hay un acuerdo de cooperación”, afirmó Ebrard. \"Vamos a revisar cada punto\", agregó Ebrard. \
                ‘No habrá tropas extranjeras’, añadió Ebrard.";
    assert_eq!(
        speakers_of(body),
        vec!["Marcelo Ebrard", "Marcelo Ebrard", "Marcelo Ebrard"]
    );
}

#[test]
fn verb_before_its_subject_and_a_title_in_lower_case() {
    let body = "«No vamos a permitir ninguna intervención», dijo el presidente Andrés Manuel \
                López Obrador en su conferencia.";
    assert_eq!(speakers_of(body), vec!["Andrés Manuel López Obrador"]);
    // An object between the verb and its subject.
    let body = "«Es una reacción normal del cuerpo», le dice a BBC Mundo el virólogo Julian Tang.";
    assert_eq!(speakers_of(body), vec!["Julian Tang"]);
}

#[test]
fn compound_tenses_and_names_with_particles() {
    let body = "«La universidad seguirá abierta», ha asegurado Juan Ramón de la Fuente.";
    assert_eq!(speakers_of(body), vec!["Juan Ramón de la Fuente"]);
    let body =
        "«Lo habíamos advertido desde el principio», había dicho Samuel Ponce de León Rosales.";
    assert_eq!(speakers_of(body), vec!["Samuel Ponce de León Rosales"]);
}

#[test]
fn no_subject_the_person_the_text_is_about() {
    let body = "El ministro de Salud, Fernando Ruiz Gómez, presentó el plan de vacunación.\n\n\
                «Tendremos vacunas para todos antes de fin de año», indicó.";
    assert_eq!(speakers_of(body), vec!["Fernando Ruiz Gómez"]);
    // The subject of the last sentence, not the person named most.
    let body = "La doctora Connie Lehman dirige el centro. Lehman atiende a cientos de pacientes. \
                Lehman lo explicó en público.\n\n«No hay que alarmarse», enfatizó Lars Grimm.\n\n\
                «Esperen unas semanas antes de la biopsia», dijo.";
    assert_eq!(speakers_of(body), vec!["Lars Grimm", "Lars Grimm"]);
}

#[test]
fn role_nouns_to_the_person_named_with_the_role() {
    let body = "La presidenta Claudia Sheinbaum recibió al embajador.\n\n\
                «Podemos colaborar, pero sin subordinación», afirmó la mandataria.";
    assert_eq!(speakers_of(body), vec!["Claudia Sheinbaum"]);
    // A common noun no one holds as a title: the person the text is about.
    let body = "Jorge Sonnante recibió a los fieles en la parroquia.\n\n\
                «Aquí nadie se queda sin comer», contó el diácono.";
    assert_eq!(speakers_of(body), vec!["Jorge Sonnante"]);
    // A role noun with the name in apposition.
    let body = "«El acuerdo es sólido», ha asegurado el portavoz de la Junta, Elías Bendodo.";
    assert_eq!(speakers_of(body), vec!["Elías Bendodo"]);
}

#[test]
fn segun_and_capitalised_function_words_are_never_speakers() {
    let body = "Según el vocero de la Presidencia, Jesús Ramírez Cuevas, «no hubo ninguna \
                negociación secreta con Washington».";
    assert_eq!(speakers_of(body), vec!["Jesús Ramírez Cuevas"]);
    let body = "Por eso, «nadie puede decidir por los mexicanos», aseguró.";
    let got = speakers_of(body);
    assert!(got.iter().all(|s| s != "Por"), "{got:?}");
    let body = "Para Sheinbaum, la decisión es clara. «No aceptaremos tropas», dijo.";
    assert!(speakers_of(body).iter().all(|s| s != "Para"));
}

#[test]
fn fragments_of_three_words_count_and_scare_quotes_do_not() {
    let body = "La presidenta Claudia Sheinbaum aseguró que “no habrá intervención extranjera” \
                en el país, y criticó a los llamados “halcones” de Washington.";
    assert_eq!(
        es(body),
        vec![(
            "Claudia Sheinbaum".into(),
            "no habrá intervención extranjera".into()
        )]
    );
}

#[test]
fn nested_marks_stay_inside_the_outer_quotation() {
    let body = "«Me dijo: “Le propongo que entren las tropas”, y yo le respondí que no», \
                relató la presidenta Claudia Sheinbaum.";
    let got = es(body);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "Claudia Sheinbaum");
    assert!(got[0].1.contains("“Le propongo que entren las tropas”"));
}

#[test]
fn em_dash_dialogue_and_asides() {
    let body = "La presidenta Claudia Sheinbaum habló con Donald Trump.\n\n\
                —Podemos colaborar —afirmó Sheinbaum—, pero cada uno en su territorio.\n\n\
                —No aceptamos tropas extranjeras en nuestro suelo —dijo la mandataria.";
    let got = extract_quotes_in(body, "es");
    let texts: Vec<&str> = got.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "Podemos colaborar",
            "pero cada uno en su territorio.",
            "No aceptamos tropas extranjeras en nuestro suelo"
        ]
    );
    assert_eq!(got[1].continues, Some(0));
    assert!(got.iter().all(|q| q.speaker == "Claudia Sheinbaum"));
    // An aside inside marks.
    let body = "«La soberanía —subrayó Claudia Sheinbaum— no se negocia con nadie».";
    assert_eq!(speakers_of(body), vec!["Claudia Sheinbaum"]);
    // In English, a dash opens no dialogue.
    assert!(extract_quotes_in("—Podemos colaborar —afirmó Sheinbaum.", "en").is_empty());
}

#[test]
fn other_languages_read_with_the_english_tables_name_no_pronoun() {
    let got = extract_quotes_in(
        "„Wir werden das gemeinsam schaffen, ganz sicher und bald“, sagte Er.",
        "de",
    );
    assert!(got.iter().all(|q| q.speaker != "Er"), "{got:?}");
}

#[test]
fn french_verb_before_its_subject() {
    let got = extract_quotes_in(
        "« Nous ne céderons rien sur la souveraineté », a déclaré Emmanuel Macron.",
        "fr",
    );
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].speaker, "Emmanuel Macron");
}

#[test]
fn speech_verbs_in_every_tense() {
    // The participle after `ha`, with the subject after the verb and in apposition.
    let body = "«En Andalucía no hay inestabilidad política», ha sentenciado el vicepresidente \
                de la Junta, Juan Marín.";
    assert_eq!(speakers_of(body), vec!["Juan Marín"]);
    let body = "El portavoz Elías Bendodo habló el martes.\n\n\
                «Hemos firmado que todo el mundo se quede donde está», ha resumido Bendodo.";
    assert_eq!(speakers_of(body), vec!["Elías Bendodo"]);
    // A plural preterite: several people, none named.
    let body = "«No vamos a cerrar las escuelas este año», remarcaron.";
    assert_eq!(speakers_of(body), vec![""]);
}

#[test]
fn a_title_that_makes_one_name_with_a_given_name() {
    let body = "El Papa Francisco habló este viernes ante la asamblea de la ONU.\n\n\
                El Papa defendió que el modelo actual produce «una gran falta de respeto por \
                la dignidad humana».";
    assert_eq!(speakers_of(body), vec!["Papa Francisco"]);
    let body = "«Hay que acabar con la desconfianza entre los pueblos», dijo el papa Francisco.";
    assert_eq!(speakers_of(body), vec!["Papa Francisco"]);
}

#[test]
fn a_name_after_que_opening_a_clause_is_the_subject() {
    let body = "Cheko Volks dijo que «hay que ir de visita al hospital»; mientras que David \
                Flores opinó que, «confiar en Dios es una cosa y no usar cubrebocas es otra».";
    assert_eq!(speakers_of(body), vec!["Cheko Volks", "David Flores"]);
}

#[test]
fn a_role_noun_is_the_person_named_with_that_title_in_a_long_apposition() {
    let body = "El obispo de la Diócesis de Ciudad Victoria, Antonio González Sánchez, habló \
                en su homilía.\n\nA favor, Anais Flores aclaró que, «él dijo que no hay que \
                tener miedo».\n\n\
                El obispo dijo que extraña a los fieles, «muchas personas están llenas de pánico».";
    assert_eq!(
        speakers_of(body),
        vec!["Anais Flores", "Antonio González Sánchez"]
    );
}

#[test]
fn a_verb_without_subject_continues_the_previous_speaker() {
    // The last person quoted speaks on, not a person named in passing since.
    let body = "El diácono Jorge Sonnante habló en la radio. Sonnante diferenció que «no somos \
                enemigos del Papa, sino defensores de la doctrina».\n\n\
                La denuncia la presentó junto al periodista Gonzalo Rubeles que tuvo días \
                difíciles: «él la pasó muy mal después de la presentación», recordó.";
    assert_eq!(speakers_of(body), vec!["Jorge Sonnante", "Jorge Sonnante"]);
    // A person who becomes the subject after the previous quotation takes over.
    let body = "«Empezar la vacunación no implica menos riesgo», afirmó Samuel Ponce de León.\n\n\
                A su vez, Mauricio Rodríguez Álvarez, académico de la Facultad de Medicina, \
                explicó que habrá grupos prioritarios.\n\n\
                «La vacuna va a estar limitada al principio», destacó.";
    assert_eq!(
        speakers_of(body),
        vec!["Samuel Ponce de León", "Mauricio Rodríguez Álvarez"]
    );
}

#[test]
fn a_person_named_since_the_previous_quotation_takes_over_unless_in_a_prepositional_phrase() {
    let body = "«Los avispones llegaron por el puerto», dijo el biólogo Andre Riveros.\n\n\
                El riesgo es mayor, estima el experto Jorge Tello, que estudia estos animales. \
                «No me quiero imaginar esos avispones en climas cálidos», subraya.";
    assert_eq!(speakers_of(body), vec!["Andre Riveros", "Jorge Tello"]);
    // Named in apposition to a phrase after `contra`: not the subject.
    let body = "El presidente de Morena, Mario Delgado Carrillo, pidió unidad. «Las etapas de \
                debate ya pasaron», dijo Delgado Carrillo.\n\n\
                Esto, al ser cuestionado por un audio en el que arremetió contra el presidente \
                del consejo estatal, Ángel Balderas Puga, a quien responsabilizó del movimiento.\n\n\
                «Que nadie se espante, en Morena debatimos fuerte», afirmó.";
    assert_eq!(
        speakers_of(body),
        vec!["Mario Delgado Carrillo", "Mario Delgado Carrillo"]
    );
}

#[test]
fn a_name_after_an_article_and_a_personal_title_is_a_person() {
    let body = "El Dr. Anthony Fauci no consintió en aparecer en el anuncio.\n\n\
                «Nunca hemos tenido una amenaza como esta», dijo Fauci en ese momento.";
    assert_eq!(speakers_of(body), vec!["Anthony Fauci"]);
}
